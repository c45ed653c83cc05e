package dev.scc.safety.evaluator;

import dev.scc.safety.Verdict;
import dev.scc.safety.hook.HookAdaptor;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resident evaluator's UNIX-socket server.
 *
 * <p>Wire protocol (version {@code SCC1}), one request per connection. The client writes NUL-terminated
 * fields and then shuts down its write side:
 * <pre>
 *   SCC1 \0 exec \0 &lt;cwd&gt; \0 [env:N \0 NAME=value \0 ×N] &lt;argv0&gt; \0 &lt;arg1&gt; \0 …    (a wrapper: exact argv)
 *   SCC1 \0 hook \0 &lt;cwd&gt; \0 &lt;claude|codex&gt; \0 &lt;payload&gt; \0  (a hook: its stdin JSON)
 *   SCC1 \0 exec-alias \0 &lt;cwd&gt; \0 &lt;status&gt; \0 &lt;value&gt; \0 [env:N …] &lt;argv0&gt; \0 …   (after an alias query)
 * </pre>
 * The optional {@code env:N} block carries the N environment variables the wrapper found relevant (proxies,
 * {@code GIT_CONFIG_*}, …); argv0 is a tool name and never starts with {@code env:}.
 * An {@code exec} of git whose subcommand is not one of git's own commands is answered with code
 * {@value #RESOLVE_ALIAS} and, in the stdout field, the newline-separated arguments of a
 * {@code git … config --get alias.NAME} query (for ssh: {@code ssh -G …}): the client runs it with the real program
 * (as the caller, so every config file and variable counts) and sends {@code exec-alias} with its exit status and
 * output. For scp and sftp the answer code is {@value #RESOLVE_WITH_SSH}: the query ({@code -G …}, the ssh they would
 * start) is run with the real ssh.
 * The server answers {@code <exit code> \0 <stdout> \0 <stderr> \0}. For {@code exec}, code 0 means
 * "run the real binary" (stderr may carry a warning) and {@value #BLOCKED} means blocked. Requests over
 * {@value #MAX_REQUEST} bytes, malformed requests and requests not finished within the read timeout are
 * answered with a block.
 */
public final class EvaluatorServer implements Closeable {
    /** Exit code a wrapper uses for a blocked command. */
    public static final int BLOCKED = 126;
    /** Answer code asking an exec client to run a git alias query (stdout: its args, newline-separated) and ask again. */
    public static final int RESOLVE_ALIAS = 100;
    /** As {@link #RESOLVE_ALIAS}, but the query is run with the real ssh (scp and sftp: {@code ssh -G} for their remote). */
    public static final int RESOLVE_WITH_SSH = 101;
    static final int MAX_REQUEST = 2 * 1024 * 1024;
    private static final long READ_TIMEOUT_MS = 5000;
    /** How often the watchdog looks for connections past the read timeout. */
    private static final long SWEEP_MS = 200;
    /** Requests served at once; a slow client holds one worker for at most the read timeout. */
    private static final int WORKERS = 4;

    private final Evaluator evaluator;
    private final HookAdaptor hooks;
    private final dev.scc.safety.hook.HookFormats hookFormats;
    private final Path socketPath;
    private final ServerSocketChannel server;
    /** Worker threads; each accepts its own connections (no hand-off from an acceptor: one thread wake-up per request). */
    private final List<Thread> workers = new ArrayList<>();
    /**
     * Connections being served, with the {@link System#nanoTime} by which each must be done. The watchdog sweeps it a
     * few times a second instead of scheduling a timer per request: a timer per request woke the watchdog thread on
     * every command, a context switch on the wrapper's path.
     */
    private final java.util.Map<SocketChannel, Long> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;

    private EvaluatorServer(Evaluator evaluator, Path socketPath, ServerSocketChannel server,
            dev.scc.safety.hook.HookFormats hookFormats) {
        this.evaluator = evaluator;
        this.hookFormats = hookFormats;
        this.hooks = new HookAdaptor(evaluator);
        this.socketPath = socketPath;
        this.server = server;
        for (int i = 0; i < WORKERS; i++) {
            workers.add(daemon(this::acceptLoop, "scc-safety-worker-" + i));
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scc-safety-watchdog"));
        watchdog.scheduleWithFixedDelay(this::closeOverdue, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** Closes the connections past their deadline: their worker's read fails and it moves on (the client blocks). */
    private void closeOverdue() {
        long now = System.nanoTime();
        inFlight.forEach((c, deadline) -> {
            if (now - deadline > 0) {
                closeQuietly(c);
            }
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Binds {@code socketPath} (replacing a stale socket file), makes it connectable by every local user, and starts serving. */
    public static EvaluatorServer start(Evaluator evaluator, Path socketPath) throws IOException {
        return start(evaluator, socketPath, dev.scc.safety.hook.HookFormats.none());
    }

    /** As {@link #start(Evaluator, Path)}, judging hook calls with the sandbox's declared hook formats. */
    public static EvaluatorServer start(Evaluator evaluator, Path socketPath, dev.scc.safety.hook.HookFormats hookFormats)
            throws IOException {
        if (Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(socketPath, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(socketPath, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(socketPath + " exists and is not a socket; refusing to replace it");
            }
            Files.delete(socketPath);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socketPath), 64);
        try {
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file system: leave the default mode
        }
        EvaluatorServer s = new EvaluatorServer(evaluator, socketPath, ch, hookFormats);
        s.workers.forEach(Thread::start);
        return s;
    }

    public Path socketPath() {
        return socketPath;
    }

    /** A worker's loop: accept a connection and serve it on this thread (the workers take turns in accept). */
    private void acceptLoop() {
        while (!closed) {
            try {
                serve(server.accept());
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel c) {
        inFlight.put(c, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MS));
        try (c) {
            byte[] request = readAll(c);
            byte[] response = request == null
                    ? response(BLOCKED, "", "SCC safety: request too large or unreadable; blocked.\n")
                    : handle(request);
            ByteBuffer buf = ByteBuffer.wrap(response);
            while (buf.hasRemaining()) {
                c.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            // the client sees a closed connection and blocks (fail closed)
        } finally {
            inFlight.remove(c);
        }
    }

    private static byte[] readAll(SocketChannel c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            int n = c.read(buf);
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf.array(), 0, buf.position());
            buf.clear();
            if (out.size() > MAX_REQUEST) {
                return null;
            }
        }
    }

    /** Decodes and answers one request (visible for tests). */
    byte[] handle(byte[] request) {
        List<String> f = fields(request);
        if (f.size() < 4 || !f.get(0).equals("SCC1")) {
            return response(BLOCKED, "", "SCC safety: malformed request to the evaluator; blocked.\n");
        }
        String kind = f.get(1);
        String cwd = f.get(2);
        if (kind.equals("exec")) {
            java.util.Map<String, String> env = new java.util.HashMap<>();
            List<String> argv = withEnv(f.subList(3, f.size()), env);
            if (argv == null) {
                return response(BLOCKED, "", "SCC safety: malformed environment in the request; blocked.\n");
            }
            java.util.Optional<List<String>> query = evaluator.engine().aliasQuery(argv);
            if (query.isPresent()) {
                if (query.get().stream().anyMatch(a -> a.indexOf('\n') >= 0)) {
                    return response(BLOCKED, "", "SCC safety: a git option contains a newline, so the alias cannot be resolved; blocked.\n");
                }
                String tool = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
                return response(tool.equals("scp") || tool.equals("sftp") ? RESOLVE_WITH_SSH : RESOLVE_ALIAS,
                        String.join("\n", query.get()), "");
            }
            return verdict(evaluator.decideArgv(argv, env, cwd, "wrapper"));
        }
        if (kind.equals("exec-alias") && f.size() >= 6) {
            int status;
            try {
                status = Integer.parseInt(f.get(3));
            } catch (NumberFormatException e) {
                status = -1;
            }
            java.util.Map<String, String> env = new java.util.HashMap<>();
            List<String> argv = withEnv(f.subList(5, f.size()), env);
            if (argv == null) {
                return response(BLOCKED, "", "SCC safety: malformed environment in the request; blocked.\n");
            }
            return verdict(evaluator.decideResolvedArgv(argv, env, status, f.get(4), cwd, "wrapper"));
        }

        if (kind.equals("hook") && f.size() >= 5) {
            HookAdaptor.Result r = hookFormats.find(f.get(3))
                    .map(p -> hooks.handle(p, f.get(4)))
                    .orElse(new HookAdaptor.Result(2, "", "SCC safety: unknown hook provider '" + f.get(3) + "'; blocked.\n"));
            return response(r.exitCode(), r.stdout(), r.stderr());
        }
        return response(BLOCKED, "", "SCC safety: unknown request kind; blocked.\n");
    }

    /** Reads an optional {@code env:N} block into {@code env}; returns the argv after it, or null when it is malformed. */
    private static List<String> withEnv(List<String> fields, java.util.Map<String, String> env) {
        if (fields.isEmpty() || !fields.get(0).startsWith("env:")) {
            return fields;
        }
        int n;
        try {
            n = Integer.parseInt(fields.get(0).substring(4));
        } catch (NumberFormatException e) {
            return null;
        }
        if (n < 0 || n + 1 > fields.size()) {
            return null;
        }
        for (String kv : fields.subList(1, n + 1)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields.subList(n + 1, fields.size());
    }

    private static byte[] verdict(Verdict v) {
        if (v.allowed()) {
            String warn = v.decision() == dev.scc.safety.Decision.WARN ? "SCC safety: " + v.reason() + "\n" : "";
            return response(0, "", warn);
        }
        return response(BLOCKED, "", v.reason() + v.rule().map(r -> "\n(rule: " + r + ")").orElse("") + "\n");
    }

    private static List<String> fields(byte[] b) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    private static byte[] response(int code, String stdout, String stderr) {
        String s = code + "\0" + stdout.replace('\0', ' ') + "\0" + stderr.replace('\0', ' ') + "\0";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        workers.forEach(Thread::interrupt);
        watchdog.shutdownNow();
        Files.deleteIfExists(socketPath);
    }
}
