package dev.scc.runtime.docker.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The addresses of the machine SCC runs on, for the proxy's deny list: an allowed name that resolves to one of
 * them (a rebinding, or a name the org did not expect to point home) must not reach a host service through the
 * proxy, whatever range the address is in (a cloud VM's eth0 is often in a range no other rule covers).
 * With a remote engine ({@code DOCKER_HOST=tcp://...}) these are the client's addresses; the engine host's own
 * private and special-purpose addresses are covered by the range rules.
 */
public final class HostAddresses {
    private HostAddresses() {}

    /** Every address of every interface that is up, without zone ids, sorted; empty if none can be read. */
    public static List<String> local() {
        TreeSet<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(a instanceof Inet6Address && zone >= 0 ? text.substring(0, zone) : text);
                }
            }
        } catch (SocketException e) {
            // No interface list: the range rules still cover loopback, private and link-local addresses.
            return List.of();
        }
        return new ArrayList<>(out);
    }
}
