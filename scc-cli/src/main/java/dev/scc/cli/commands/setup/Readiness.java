package dev.scc.cli.commands.setup;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports whether this machine can run sessions: the Java runtime, and whether a Docker engine answers
 * {@code /_ping} on its local socket. It only reports; setup never fails on it. Only local Unix sockets are
 * contacted: a TCP {@code DOCKER_HOST} is named, not dialled.
 */
final class Readiness {
    private static final long TIMEOUT_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    /** One check: its name, whether it passed, and what was found or what to do. */
    record Check(String name, boolean ok, String detail) {}

    private final Map<String, String> env;

    Readiness(Map<String, String> env) {
        this.env = env;
    }

    List<Check> run() {
        List<Check> out = new ArrayList<>();
        out.add(new Check("java", Runtime.version().feature() >= 17,
                "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"));
        out.add(docker());
        return List.copyOf(out);
    }

    private Check docker() {
        String host = env.getOrDefault("DOCKER_HOST", "");
        Path socket;
        if (host.isEmpty()) {
            socket = Path.of("/var/run/docker.sock");
        } else if (host.startsWith("unix://")) {
            socket = Path.of(host.substring("unix://".length()));
        } else {
            return new Check("docker", false, "DOCKER_HOST=" + host + " is not a local socket; not checked");
        }
        if (!Files.exists(socket)) {
            return new Check("docker", false, "no Docker socket at " + socket + "; install Docker or set DOCKER_HOST");
        }
        try {
            LOG.debug("GET /_ping on {}", socket);
            String status = ping(socket);
            LOG.debug("docker answered: {}", status);
            return status.startsWith("HTTP/1.1 200") || status.startsWith("HTTP/1.0 200")
                    ? new Check("docker", true, "Docker engine answers at " + socket)
                    : new Check("docker", false, "Docker at " + socket + " answered '" + status + "'");
        } catch (IOException e) {
            return new Check("docker", false, "cannot reach Docker at " + socket + ": " + e.getMessage()
                    + " (is the daemon running, and may this user use it?)");
        }
    }

    private static String ping(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(256);
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (buf.position() == 0 || !new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).contains("\r\n")) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || sel.select(left) == 0) {
                    throw new IOException("no answer within " + TIMEOUT_MS + " ms");
                }
                sel.selectedKeys().clear();
                if (ch.read(buf) < 0 || !buf.hasRemaining()) {
                    break;
                }
            }
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            int eol = s.indexOf("\r\n");
            return eol >= 0 ? s.substring(0, eol) : s;
        }
    }
}
