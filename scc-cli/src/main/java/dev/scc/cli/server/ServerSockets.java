package dev.scc.cli.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where resident servers listen and how to talk to them from Java ({@code scc server status|stop}). The directory rule
 * is the launcher's: {@code $XDG_RUNTIME_DIR/scc} when that directory exists, else {@code /tmp/scc-UID}; one socket
 * per checkout and build, named {@code cli-*.sock}.
 */
public final class ServerSockets {
    private ServerSockets() {}

    /** The directory the launcher puts sockets in for this environment. */
    public static Path directory(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "scc");
        }
        return Path.of("/tmp", "scc-" + new com.sun.security.auth.module.UnixSystem().getUid());
    }

    /** The server sockets in {@code dir}, sorted; none when the directory is missing or not private to this user. */
    public static List<Path> list(Path dir) {
        try {
            CliServer.requirePrivateDirectory(dir);
        } catch (IOException e) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("cli-.*\\.sock")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The server's status, in its order: {@code pid}, {@code socket}, {@code started}, {@code served}, {@code idle-limit}. */
    public static Map<String, String> status(Path socket) throws IOException {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : call(socket, new Wire.Status()).split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                fields.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return fields;
    }

    /** Asks the server to stop; it removes its socket before it exits. */
    public static void stop(Path socket) throws IOException {
        call(socket, new Wire.Quit());
    }

    /** Sends one request and returns what it printed on stdout (a run's stderr is dropped). */
    static String call(Path socket, Wire.Request request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            Wire.write(out, request);
            InputStream in = Channels.newInputStream(ch);
            StringBuilder text = new StringBuilder();
            for (;;) {
                Wire.Frame f = Wire.readFrame(in);
                if (f.type() == Wire.STDOUT) {
                    text.append(new String(f.payload(), StandardCharsets.UTF_8));
                } else if (f.type() == Wire.EXIT || f.type() == Wire.NOT_SERVED) {
                    return text.toString();
                }
            }
        }
    }
}
