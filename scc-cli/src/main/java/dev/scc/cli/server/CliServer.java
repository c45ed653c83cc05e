package dev.scc.cli.server;

import dev.scc.cli.CliServices;
import dev.scc.cli.SccCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine;

/**
 * A resident {@code scc} for one user and one build: it runs the read-only commands {@link Servable} names for the
 * C client on a UNIX socket, so they skip JVM start-up (the launcher starts it in the background on first use).
 *
 * <p>Only its own user reaches it: the socket lives in a directory that must belong to that user and be closed to
 * everyone else, the socket itself is 0600, and every connection's peer credentials are checked. A lock file keeps one
 * server per socket. It stops after an idle period, when its socket is removed or replaced, or when asked.
 */
public final class CliServer implements AutoCloseable {
    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
    /** How long a command waits for the one before it; longer, and it runs in its own JVM instead. */
    private static final Duration QUEUE_LIMIT = Duration.ofMillis(250);
    /** How long one served command may run; past it the client gets an error and this server stops. */
    static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);

    private final Path socket;
    private final Duration idleLimit;
    private final ServerSocketChannel channel;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object socketKey;
    private final UserPrincipal owner;
    private final ReentrantLock runLock = new ReentrantLock();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("scc-server-timer"));
    private final AtomicLong lastUse = new AtomicLong(System.nanoTime());
    private final AtomicLong served = new AtomicLong();
    private final Instant started = Instant.now();
    private volatile boolean closed;
    private final Duration commandDeadline;
    private final Invoker invoker;

    /** Runs one served invocation; {@link CliServer#execute} in production, a stand-in in tests. */
    @FunctionalInterface
    interface Invoker {
        int run(Wire.Run r, PrintWriter out, PrintWriter err);
    }

    private CliServer(Path socket, Duration idleLimit, FileChannel lockChannel, FileLock lock, ServerSocketChannel channel,
            UserPrincipal owner, Duration commandDeadline, Invoker invoker) throws IOException {
        this.commandDeadline = commandDeadline;
        this.invoker = invoker;
        this.socket = socket;
        this.idleLimit = idleLimit;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.channel = channel;
        this.owner = owner;
        this.socketKey = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Binds {@code socket}, or returns empty when another live server holds it.
     *
     * @throws IOException when the directory is not private to this user, or binding fails
     */
    public static java.util.Optional<CliServer> bind(Path socket, Duration idleLimit) throws IOException {
        return bind(socket, idleLimit, COMMAND_DEADLINE, CliServer::execute);
    }

    /** {@link #bind(Path, Duration)} with another command deadline and invoker (tests). */
    static java.util.Optional<CliServer> bind(Path socket, Duration idleLimit, Duration commandDeadline, Invoker invoker)
            throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        UserPrincipal me = requirePrivateDirectory(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(socket.getFileName() + ".lock"),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by a server in this very JVM
        }
        if (lock == null) {
            lockChannel.close();
            return java.util.Optional.empty();
        }
        try {
            // We hold the lock, so a socket file left here belongs to a server that is gone.
            Files.deleteIfExists(socket);
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            return java.util.Optional.of(new CliServer(socket, idleLimit, lockChannel, lock, ch, me, commandDeadline, invoker));
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** The directory must be a real directory of this user with no access for group or others; returns the user. */
    static UserPrincipal requirePrivateDirectory(Path dir) throws IOException {
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        Set<PosixFilePermission> open = EnumSet.complementOf(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        open.retainAll(a.permissions());
        if (!a.isDirectory() || !a.owner().equals(me) || !open.isEmpty()) {
            throw new IOException(dir + ": the server's directory must be a directory owned by " + me.getName()
                    + " with no access for group or others (is " + PosixFilePermissions.toString(a.permissions())
                    + ", owner " + a.owner().getName() + ")");
        }
        return me;
    }

    /** Serves until idle, asked to quit, or the socket goes away; returns when stopped. */
    public void serve() {
        timer.scheduleWithFixedDelay(this::checkIdleAndSocket, 1, 1, TimeUnit.SECONDS);
        while (!closed) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    log("accept failed, stopping: " + e);
                }
                break;
            }
            Thread t = new Thread(() -> handle(client), "scc-server-client");
            t.setDaemon(true);
            t.start();
        }
        close();
    }

    private void handle(SocketChannel client) {
        var deadline = timer.schedule(() -> closeQuietly(client), REQUEST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            if (!sameUser(client)) {
                return;
            }
            InputStream in = Channels.newInputStream(client);
            Wire.Request request = Wire.read(in);
            deadline.cancel(false);
            lastUse.set(System.nanoTime());
            Wire.FrameWriter w = new Wire.FrameWriter(Channels.newOutputStream(client));
            if (request instanceof Wire.Status) {
                byte[] text = status().getBytes(StandardCharsets.UTF_8);
                w.frame(Wire.STDOUT, text, 0, text.length);
                w.exit(0);
            } else if (request instanceof Wire.Quit) {
                w.exit(0);
                close();
            } else {
                run((Wire.Run) request, w);
            }
        } catch (IOException e) {
            // A client that went away or spoke garbage: nothing to answer.
        } finally {
            deadline.cancel(false);
            lastUse.set(System.nanoTime());
        }
    }

    private void run(Wire.Run r, Wire.FrameWriter w) throws IOException {
        if (!Servable.servable(r.args(), r.env(), System.getenv(), System.getProperty("user.home"))) {
            w.notServed();
            return;
        }
        int code;
        // One command at a time: commands share the JVM's system properties and default locale. Behind a slow one
        // (a remote fetch), a client is better off starting its own JVM than waiting.
        boolean locked;
        try {
            locked = runLock.tryLock(QUEUE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            w.notServed();
            return;
        }
        boolean stuck = false;
        try {
            OutputStream o = w.stream(Wire.STDOUT);
            OutputStream e = w.stream(Wire.STDERR);
            PrintWriter out = new PrintWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8), true);
            PrintWriter err = new PrintWriter(new OutputStreamWriter(e, StandardCharsets.UTF_8), true);
            // The command runs on its own daemon thread so that one stuck in a read it cannot leave (a FIFO, a
            // hung mount) never holds the run lock past the deadline.
            java.util.concurrent.FutureTask<Integer> task = new java.util.concurrent.FutureTask<>(
                    () -> invoker.run(r, out, err));
            Thread worker = new Thread(task, "scc-server-command");
            worker.setDaemon(true);
            worker.start();
            try {
                code = task.get(commandDeadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException timedOut) {
                stuck = true;
                worker.interrupt();
                code = dev.scc.cli.ExitCodes.TOOL;
                byte[] msg = ("scc: the command did not finish within " + text(commandDeadline) + " in the"
                        + " resident server; it was abandoned and the server stops. Run it again (SCC_SERVER=0 runs it"
                        + " in its own JVM).\n").getBytes(StandardCharsets.UTF_8);
                w.frame(Wire.STDERR, msg, 0, msg.length);
            } catch (java.util.concurrent.ExecutionException | InterruptedException failed) {
                if (failed instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                code = dev.scc.cli.ExitCodes.TOOL;
            }
            if (!stuck) {
                out.flush();
                err.flush();
                served.incrementAndGet();
            }
        } finally {
            runLock.unlock();
        }
        w.exit(code);
        if (stuck) {
            // The abandoned thread may still hold shared JVM state; a fresh server starts with the next command.
            log("a served command passed its " + text(commandDeadline) + " deadline, stopping");
            close();
        }
    }

    /** Runs one invocation with the client's directory, environment and terminal. */
    static int execute(Wire.Run r, PrintWriter out, PrintWriter err) {
        CliServices services = CliServices.forInvocation(r.env(), Clock.systemUTC(), r.workingDir(),
                r.stdinTerminal() && r.stdoutTerminal());
        String[] args = r.args().toArray(String[]::new);
        CommandLine cl = SccCommand.commandLineFor(out, err, services, args);
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(usageWidth(r.stdoutTerminal() ? r.columns() : 0));
        return cl.execute(args);
    }

    /** The launcher's rule for a terminal's width: unknown (0) means 80; never below picocli's minimum of 55. */
    static int usageWidth(int columns) {
        return columns <= 0 ? 80 : Math.max(55, columns);
    }

    private boolean sameUser(SocketChannel client) {
        try {
            jdk.net.UnixDomainPrincipal peer = client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().equals(owner);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // peer unknown: refuse, never serve a stranger
        }
    }

    private String status() {
        return "pid " + ProcessHandle.current().pid() + "\nsocket " + socket + "\nstarted " + started + "\nserved "
                + served.get() + "\nidle-limit " + idleLimit.toMinutes() + "m\n";
    }

    private void checkIdleAndSocket() {
        boolean idle = System.nanoTime() - lastUse.get() > idleLimit.toNanos() && !runLock.isLocked();
        boolean replaced;
        try {
            replaced = !socketKey.equals(Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
        } catch (IOException e) {
            replaced = true;
        }
        if (idle || replaced) {
            log(idle ? "idle for " + idleLimit.toMinutes() + " min, stopping" : "socket removed or replaced, stopping");
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(channel);
        try {
            if (socketKey.equals(Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // released with the process anyway
        }
        timer.shutdownNow();
    }

    /** The lock a command holds while it runs (tests: to stand in for a slow command). */
    ReentrantLock runLock() {
        return runLock;
    }

    /** Whether {@link #close()} ran. */
    public boolean closed() {
        return closed;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void log(String message) {
        System.err.println(Instant.now() + " scc server: " + message);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code CliServer --socket PATH [--idle-minutes N]}: started by the {@code scc} launcher, never by hand. */
    public static void main(String[] args) {
        Path socket = null;
        long idleMinutes = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[i + 1]);
                case "--idle-minutes" -> {
                    try {
                        idleMinutes = Long.parseLong(args[i + 1]);
                    } catch (NumberFormatException e) {
                        System.err.println("scc server: --idle-minutes (SCC_SERVER_IDLE_MINUTES) must be a whole number of "
                                + "minutes, not '" + args[i + 1] + "'");
                        System.exit(2);
                    }
                }
                default -> {
                    System.err.println("scc server: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (socket == null) {
            System.err.println("scc server: --socket PATH is required");
            System.exit(2);
        }
        try {
            var server = bind(socket, Duration.ofMinutes(Math.max(1, idleMinutes)));
            if (server.isEmpty()) {
                return; // another server already holds this socket
            }
            log("serving on " + socket + " (pid " + ProcessHandle.current().pid() + ")");
            server.get().serve();
        } catch (IOException e) {
            log("cannot start: " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }
}
