package dev.scc.testkit.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The tests' "github.com": real git smart HTTP ({@code git http-backend} run as CGI) behind TLS with a test CA's
 * certificate, on loopback or, run as its own process ({@link #main}), in a container on a test network. Every request
 * must carry HTTP Basic with user {@code x-access-token} and the real token (else 401, as GitHub answers a push
 * without credentials); it records the Authorization headers it saw.
 */
public final class GitHttpsHost implements AutoCloseable {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Path projectRoot;
    private final String expectedAuth;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** The line {@link #main} prints once it accepts connections. */
    public static final String READY = "git host listening on ";
    private final java.util.Optional<Path> authLog;

    /** On loopback, an ephemeral port, with {@code tls}'s certificate. */
    public GitHttpsHost(Path projectRoot, String token, SSLContext tls) throws IOException {
        this(projectRoot, token, tls, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                java.util.Optional.empty());
    }

    /**
     * Serves the bare repositories under {@code projectRoot} on {@code bind}; with {@code authLog}, each request's
     * Authorization header ({@code none} when absent) is also appended to that file.
     */
    public GitHttpsHost(Path projectRoot, String token, SSLContext tls, InetSocketAddress bind,
            java.util.Optional<Path> authLog) throws IOException {
        this.projectRoot = projectRoot;
        this.authLog = authLog;
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token)
                .getBytes(StandardCharsets.UTF_8));
        server = HttpsServer.create(bind, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * {@code java -cp … dev.scc.testkit.git.GitHttpsHost PORT PROJECT_ROOT TLS_PKCS12 PASSWORD TOKEN_FILE AUTH_LOG}:
     * serves until killed; prints {@value #READY}PORT once it accepts connections.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: GitHttpsHost PORT PROJECT_ROOT TLS_PKCS12 PASSWORD TOKEN_FILE AUTH_LOG");
            System.exit(2);
        }
        String token = java.nio.file.Files.readString(Path.of(args[4])).strip();
        new GitHttpsHost(Path.of(args[1]), token, dev.scc.testkit.model.FakeModelMain.serverTls(Path.of(args[2]),
                args[3]), new InetSocketAddress(Integer.parseInt(args[0])), java.util.Optional.of(Path.of(args[5])));
        System.out.println(READY + args[0]);
        System.out.flush();
        Thread.currentThread().join();
    }

    public URI uri() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** The Authorization header of every request, in order ({@code ""} when absent). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            if (authLog.isPresent()) {
                synchronized (this) {
                    java.nio.file.Files.writeString(authLog.get(), (auth == null ? "none" : auth) + " "
                            + ex.getRequestMethod() + " " + ex.getRequestURI() + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
            }
            if (!expectedAuth.equals(auth)) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"GitHub\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = pb.environment();
            env.put("GIT_PROJECT_ROOT", projectRoot.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("PATH_INFO", ex.getRequestURI().getPath());
            env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
            env.put("REQUEST_METHOD", ex.getRequestMethod());
            env.put("REMOTE_USER", "x-access-token");
            env.put("REMOTE_ADDR", "127.0.0.1");
            // the repositories may belong to another uid (a bind mount): this server trusts its own root
            env.put("GIT_CONFIG_COUNT", "1");
            env.put("GIT_CONFIG_KEY_0", "safe.directory");
            env.put("GIT_CONFIG_VALUE_0", "*");
            put(env, "CONTENT_TYPE", ex.getRequestHeaders().getFirst("Content-Type"));
            put(env, "CONTENT_LENGTH", ex.getRequestHeaders().getFirst("Content-Length"));
            put(env, "HTTP_CONTENT_ENCODING", ex.getRequestHeaders().getFirst("Content-Encoding"));
            put(env, "GIT_PROTOCOL", ex.getRequestHeaders().getFirst("Git-Protocol"));
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            Thread feeder = new Thread(() -> {
                try (OutputStream stdin = p.getOutputStream(); InputStream body = ex.getRequestBody()) {
                    body.transferTo(stdin);
                } catch (IOException e) {
                    // the backend exited early; its output tells the client
                }
            });
            feeder.start();
            try (InputStream out = new BufferedInputStream(p.getInputStream(), 65536)) {
                int status = 200;
                while (true) {
                    String line = readLine(out);
                    if (line.isEmpty()) {
                        break;
                    }
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).strip();
                    String value = line.substring(colon + 1).strip();
                    if (name.equalsIgnoreCase("Status")) {
                        status = Integer.parseInt(value.substring(0, 3));
                    } else {
                        ex.getResponseHeaders().add(name, value);
                    }
                }
                ex.sendResponseHeaders(status, 0);
                try (OutputStream down = ex.getResponseBody()) {
                    out.transferTo(down);
                }
            }
            feeder.join();
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
