package dev.scc.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing a developer runs: the checkout's {@code scc} launcher compiles the C client, starts the resident
 * server in the background, and from then on the read-only commands answer from it, byte for byte as without it
 * ({@code SCC_SERVER=0}), from any directory. Needs a C compiler ({@code cc}); fails instead of skipping under
 * {@code -Dscc.it.require=true}. Every server this test's launcher starts is stopped, and killed by its PID if it
 * does not stop.
 */
class LauncherServerIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("scc");
    private static final Path EXAMPLES = ROOT.resolve("examples");
    private static final long WAIT_MS = 60_000;

    @TempDir Path tmp;
    private Path runtimeDir;
    private Map<String, String> env;
    private final Set<Long> serverPids = new HashSet<>();

    record Result(int exit, String out, String err) {}

    @BeforeEach
    void prepare() throws Exception {
        if (new ProcessBuilder("sh", "-c", "command -v cc").start().waitFor() != 0) {
            if (Boolean.getBoolean("scc.it.require")) {
                throw new AssertionError("real-part suite cannot run: no C compiler (cc) for the launcher's client");
            }
            assumeTrue(false, "no C compiler (cc)");
        }
        assertThat(ROOT.resolve("scc-cli/target/scc-cli.jar")).as("run 'mvn -Pit verify' so package runs first").isRegularFile();
        runtimeDir = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        env.put("HOME", tmp.toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        env.put("SCC_SERVER_IDLE_MINUTES", "2");
    }

    @AfterEach
    void stopOurServers() throws Exception {
        for (Path socket : ServerSockets.list(runtimeDir.resolve("scc"))) {
            try {
                serverPids.add(pid(ServerSockets.status(socket)));
                ServerSockets.stop(socket);
            } catch (IOException e) {
                // not answering: its PID (if we saw it) is killed below
            }
        }
        for (long pid : serverPids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                if (p.info().commandLine().orElse("").contains("dev.scc.cli.server.CliServer")) {
                    p.destroy();
                }
            });
        }
    }

    @Test
    void readOnlyCommandsAnswerFromTheServerExactlyAsWithout() throws Exception {
        Result first = scc(tmp, Map.of(), "--version");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("scc ");
        Path socket = awaitServer();
        long pid = pid(ServerSockets.status(socket));
        serverPids.add(pid);
        assertThat(Files.getPosixFilePermissions(socket)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(tmp.resolve("cache/scc").toFile().list()).anyMatch(n -> n.startsWith("scc-client-"));

        List<List<String>> invocations = List.of(
                List.of("--help"),
                List.of("config", "explain", "--org", "org.yaml", "--team", "backend"),
                List.of("config", "explain", "--org", "org.yaml", "--team", "backend", "--json"),
                List.of("config", "explain", "--org", "org.yaml", "--team", "no-such-team"),
                List.of("team", "list", "--org", "org.yaml"),
                List.of("help", "start"));
        long before = served(socket);
        for (List<String> args : invocations) {
            String[] a = args.toArray(String[]::new);
            Result viaServer = scc(EXAMPLES, Map.of(), a);
            Result own = scc(EXAMPLES, Map.of("SCC_SERVER", "0"), a);
            assertThat(normalized(viaServer)).as(String.join(" ", args)).isEqualTo(normalized(own));
        }
        assertThat(served(socket)).as("every one of them ran in the server").isEqualTo(before + invocations.size());
        assertThat(scc(EXAMPLES, Map.of(), "config", "explain", "--org", "org.yaml", "--team", "no-such-team").exit())
                .as("an unknown team is 'not found', served as in its own JVM and in every command").isEqualTo(1);

        // Not served: handed back and run in its own JVM, with the same answer as without a server.
        Result update = scc(tmp, Map.of(), "org", "update");
        assertThat(update).isEqualTo(scc(tmp, Map.of("SCC_SERVER", "0"), "org", "update"));
        assertThat(served(socket)).as("unchanged by the handed-back command").isEqualTo(before + invocations.size() + 1);

        Result status = scc(tmp, Map.of(), "server", "status");
        assertThat(status.out()).contains("pid " + pid, socket.toString());
        Result stop = scc(tmp, Map.of(), "server", "stop");
        assertThat(stop.out()).contains("Stopped 1 server.");
        awaitGone(pid);
        assertThat(socket).doesNotExist();
        assertThat(scc(tmp, Map.of(), "server", "status").out()).contains("No scc server is running");
    }

    @Test
    void onATerminalTheServerWrapsAndColoursHelpAsItsOwnJvmDoes() throws Exception {
        assertThat(scc(tmp, Map.of(), "--version").exit()).isZero();
        awaitServer();
        // util-linux 'script' gives the launcher a pseudo-terminal of 100 columns; TERM makes colours possible.
        String cmd = "stty cols 100 rows 40; " + LAUNCHER + " config explain --help";
        Result viaServer = scc(tmp, Map.of("TERM", "xterm-256color"), "__script__", cmd);
        Result own = scc(tmp, Map.of("TERM", "xterm-256color", "SCC_SERVER", "0"), "__script__", cmd);
        assertThat(viaServer.exit()).as(viaServer.err()).isZero();
        assertThat(viaServer.out()).as("picocli's colours on a terminal").contains("\u001B[");
        assertThat(viaServer.out().lines().mapToInt(String::length).max().orElse(0))
                .as("wrapped wider than the 80 columns of a non-terminal").isGreaterThan(80);
        assertThat(viaServer).isEqualTo(own);
        assertThat(served(ServerSockets.list(runtimeDir.resolve("scc")).get(0))).as("it was the server").isEqualTo(1);
    }

    @Test
    void scc_server_0_neverStartsOne() throws Exception {
        Result r = scc(tmp, Map.of("SCC_SERVER", "0"), "--version");
        assertThat(r.exit()).isZero();
        Thread.sleep(2_000); // a server started in the background would have bound its socket by now
        assertThat(ServerSockets.list(runtimeDir.resolve("scc"))).isEmpty();
    }

    private Result normalized(Result r) {
        return new Result(r.exit(), r.out().replaceAll("\"generatedAt\" ?: ?\"[^\"]+\"", "\"generatedAt\":\"T\""), r.err());
    }

    private Path awaitServer() throws Exception {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end) {
            for (Path socket : ServerSockets.list(runtimeDir.resolve("scc"))) {
                try {
                    ServerSockets.status(socket);
                    return socket;
                } catch (IOException notYet) {
                    // bound but not accepting yet, or a leftover
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the launcher started no server within " + WAIT_MS + " ms; log: " + serverLog());
    }

    private String serverLog() throws IOException {
        StringBuilder b = new StringBuilder();
        Path dir = runtimeDir.resolve("scc");
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".log")).toList()) {
                    b.append(Files.readString(p));
                }
            }
        }
        return b.toString();
    }

    private void awaitGone(long pid) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.currentTimeMillis()).as("server " + pid + " still running").isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static long served(Path socket) throws IOException {
        return Long.parseLong(ServerSockets.status(socket).get("served"));
    }

    private static long pid(Map<String, String> status) {
        return Long.parseLong(status.get("pid"));
    }

    private Result scc(Path cwd, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (args.length == 2 && args[0].equals("__script__")) {
            cmd.addAll(List.of("script", "-qec", args[1], "/dev/null")); // a pseudo-terminal around a shell command
        } else {
            cmd.add(LAUNCHER.toString());
            cmd.addAll(List.of(args));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).as("scc " + String.join(" ", args) + " finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
