package dev.scc.cli.commands.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host-side checkpointer of a detached session ({@code scc start --detach}): the same periodic and
 * before-risky-command checkpoints an attached {@code scc start} takes in its own process
 * ({@link WorkspaceCheckpoints#session}), in a background process the session owns. It runs in a session of its own
 * ({@code setsid}: closing the terminal does not end it), writes its PID to the session's state directory
 * ({@value #PID_FILE}) and runs while that file names it; {@code scc stop} removes the file and ends the process by that
 * PID (after checking that the PID is still this session's checkpointer, not a process that reused the number).
 * Its output goes to {@code checkpointer.log} beside the checkpoint stores.
 */
public final class DetachedCheckpointer {
    static final String PID_FILE = "checkpointer.pid";

    private DetachedCheckpointer() {}

    static Path pidFile(Map<String, String> env, String sessionId) {
        return dev.scc.policy.audit.SccState.root(env).resolve("sessions").resolve(sessionId).resolve(PID_FILE);
    }

    /** The running checkpointer of {@code sessionId}, if its PID file names a live one. */
    static Optional<ProcessHandle> running(Map<String, String> env, String sessionId) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(env, sessionId), StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> commandLine(p)
                    .map(c -> c.contains(DetachedCheckpointer.class.getName()) && c.contains(sessionId)).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A process's whole command line: {@code /proc/PID/cmdline} where there is one (the JDK's
     * {@code ProcessHandle.Info} gives none for a command line as long as a JVM's class path), else the JDK's view.
     */
    private static Optional<String> commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.exists(proc)) {
                return Optional.of(new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' '));
            }
        } catch (IOException | RuntimeException e) {
            // fall back below
        }
        return p.info().commandLine();
    }

    /**
     * Starts the checkpointer of a detached session (or finds the one already running); its PID, or empty when it could
     * not be started (the caller warns: the session has its launch checkpoint and {@code scc checkpoint}).
     */
    static Optional<Long> spawn(Map<String, String> env, Path workspace, String sessionId) {
        Optional<ProcessHandle> already = running(env, sessionId);
        if (already.isPresent()) {
            return Optional.of(already.get().pid());
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), DetachedCheckpointer.class.getName(), sessionId,
                workspace.toString()));
        try {
            Path log = dev.scc.policy.audit.SccState.root(env).resolve("checkpoints").resolve("checkpointer.log");
            Files.createDirectories(log.getParent());
            Files.createDirectories(pidFile(env, sessionId).getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            // setsid execs the JVM in the same process: its PID is the checkpointer's; the file is written here so
            // that 'scc stop' right after 'scc start --detach' finds it.
            writePid(env, sessionId, p.pid());
            // Until the JVM has replaced the launcher (jspawnhelper, setsid) the PID does not look like ours yet.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (p.isAlive() && running(env, sessionId).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void writePid(Map<String, String> env, String sessionId, long pid) throws IOException {
        Path f = pidFile(env, sessionId);
        Path tmp = f.resolveSibling(PID_FILE + ".tmp");
        Files.writeString(tmp, pid + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Ends the session's checkpointer (by its PID, once checked); true when one was running. */
    static boolean stop(Map<String, String> env, String sessionId) {
        Optional<ProcessHandle> p = running(env, sessionId);
        try {
            Files.deleteIfExists(pidFile(env, sessionId));
        } catch (IOException e) {
            // the process is ended by PID below; without the file it would also end by itself
        }
        if (p.isEmpty()) {
            return false;
        }
        // Without its PID file it finishes the checkpoint in hand and ends by itself (it looks every 200 ms); only one
        // that does not is signalled, then killed.
        try {
            p.get().onExit().get(3, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            p.get().destroy();
        }
        try {
            p.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            p.get().destroyForcibly();
        }
        return true;
    }

    /** {@code DetachedCheckpointer SESSION WORKSPACE}: runs while the session's PID file names this process. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DetachedCheckpointer SESSION WORKSPACE");
            System.exit(2);
        }
        String sid = args[0];
        Path ws = Path.of(args[1]);
        Map<String, String> env = System.getenv();
        Path pid = pidFile(env, sid);
        long self = ProcessHandle.current().pid();
        Clock clock = Clock.systemUTC();
        System.err.println(clock.instant() + " checkpointer of session " + sid + " (pid " + self + ") for " + ws);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!names(pid, self) && System.nanoTime() < deadline) {
            Thread.sleep(50); // the parent writes the file right after starting us
        }
        try (AutoCloseable checkpointer = WorkspaceCheckpoints.session(env, ws, clock,
                Optional.of(WorkspaceCheckpoints.requestDir(env, sid)))) {
            while (names(pid, self)) {
                Thread.sleep(200);
            }
        }
        System.err.println(clock.instant() + " checkpointer of session " + sid + " ends");
    }

    private static boolean names(Path pidFile, long self) {
        try {
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim()) == self;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
