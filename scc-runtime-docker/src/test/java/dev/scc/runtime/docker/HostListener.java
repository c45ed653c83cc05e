package dev.scc.runtime.docker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on every address of the test host (the IPv6 wildcard, dual-stack: IPv4 arrives as mapped), which
 * records the peer of each connection. The host-reachability tests assert that nothing from an agent arrives.
 */
final class HostListener implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    HostListener() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("::"));
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    arrivals.add(s.getInetAddress().getHostAddress());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "host-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The arrivals once there are at least {@code n}, or after 5 s. */
    List<String> awaitArrivals(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (arrivals.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return arrivals();
    }

    /**
     * A bash script that tries every target in parallel (3 s each) and prints {@code TRIED a} for each and
     * {@code OPEN a} for each connection that opened.
     */
    static String probeScript(Collection<String> targets, int port) {
        StringBuilder sb = new StringBuilder();
        for (String a : targets) {
            sb.append("(echo TRIED ").append(a).append("; timeout 3 bash -c 'echo > /dev/tcp/").append(a).append('/')
                    .append(port).append("' 2>/dev/null && echo OPEN ").append(a).append(") & ");
        }
        return sb.append("wait").toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
