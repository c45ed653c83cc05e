package dev.scc.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident server answers an invocation exactly as the CLI in its own JVM would, with the client's directory,
 * environment and terminal; it refuses what it must not run and guards who may reach it.
 */
class CliServerTest {
    private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    @TempDir Path tmp;
    Path dir;
    Path socket;
    Path home;
    Map<String, String> env;
    CliServer server;
    Thread serving;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = dir.resolve("cli-test.sock");
        home = Files.createDirectory(tmp.resolve("home"));
        env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("cfg").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                "DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock"));
        server = CliServer.bind(socket, Duration.ofMinutes(5)).orElseThrow();
        serving = new Thread(server::serve);
        serving.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        serving.join(10_000);
    }

    record Answer(String out, String err, int exit, boolean served) {}

    private Answer served(Path cwd, String... args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Wire.write(Channels.newOutputStream(ch), new Wire.Run(false, false, false, 0, cwd, List.of(args), env));
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            for (;;) {
                Wire.Frame f = Wire.readFrame(in);
                switch (f.type()) {
                    case Wire.STDOUT -> out.write(f.payload());
                    case Wire.STDERR -> err.write(f.payload());
                    case Wire.EXIT -> {
                        return new Answer(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), f.exitCode(), true);
                    }
                    case Wire.NOT_SERVED -> {
                        return new Answer(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), -1, false);
                    }
                    default -> throw new AssertionError("unknown frame " + f.type());
                }
            }
        }
    }

    private Answer direct(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                CliServices.forInvocation(env, Clock.systemUTC(), cwd, false), args);
        return new Answer(out.toString(), err.toString(), code, true);
    }

    private static Answer withoutTimestamps(Answer a) {
        return new Answer(a.out().replaceAll("\"generatedAt\" ?: ?\"[^\"]+\"", "\"generatedAt\":\"T\""), a.err(), a.exit(), a.served());
    }

    @Test
    void answersHelpAndVersionAsTheCliDoes() throws IOException {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"--version"}, new String[] {"help", "config"},
                new String[] {"start", "--help"}, new String[] {"config", "explain", "--help"})) {
            assertThat(served(tmp, args)).isEqualTo(direct(tmp, args));
        }
    }

    @Test
    void resolvesRelativePathsAgainstTheClientsDirectoryNotItsOwn() throws IOException {
        Answer a = served(EXAMPLES, "config", "explain", "--org", "org.yaml", "--team", "backend");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).contains("backend");
        assertThat(a).isEqualTo(direct(EXAMPLES, "config", "explain", "--org", "org.yaml", "--team", "backend"));
        assertThat(withoutTimestamps(served(EXAMPLES, "config", "explain", "--org", "org.yaml", "--team", "backend", "--json")))
                .isEqualTo(withoutTimestamps(direct(EXAMPLES, "config", "explain", "--org", "org.yaml", "--team", "backend", "--json")));
    }

    @Test
    void reportsErrorsWithTheSameMessageAndExitCode() throws IOException {
        Answer a = served(EXAMPLES, "config", "explain", "--org", "org.yaml", "--team", "no-such-team");
        assertThat(a.exit()).isNotZero();
        assertThat(a).isEqualTo(direct(EXAMPLES, "config", "explain", "--org", "org.yaml", "--team", "no-such-team"));
        Answer missing = served(tmp, "team", "list", "--org", "missing.yaml");
        assertThat(missing.err()).as("a relative path is named as the client's").contains(tmp.resolve("missing.yaml").toString());
        assertThat(missing).isEqualTo(direct(tmp, "team", "list", "--org", "missing.yaml"));
        assertThat(served(tmp, "config", "explain", "--bogus")).isEqualTo(direct(tmp, "config", "explain", "--bogus"));
    }

    @Test
    void usesTheClientsEnvironment() throws IOException {
        Answer a = served(tmp, "provider", "show", "--json");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(withoutTimestamps(a)).isEqualTo(withoutTimestamps(direct(tmp, "provider", "show", "--json")));
        // The user config the client's XDG_CONFIG_HOME points at is the one read, not the server's.
        Files.createDirectories(home.resolve("cfg/scc"));
        Files.writeString(home.resolve("cfg/scc/config.yaml"), "provider: codex\n");
        assertThat(served(tmp, "provider", "show").out()).isEqualTo(direct(tmp, "provider", "show").out());
    }

    @Test
    void servesTheStateReportsWithTheClientsStateAndEngine() throws IOException {
        // docker-java reads ~/.docker from the JVM's user.home: engine commands are served for a client whose HOME is
        // the server's (its XDG directories stay the test's own).
        var withServersHome = new java.util.HashMap<>(env);
        withServersHome.put("HOME", System.getProperty("user.home"));
        env = Map.copyOf(withServersHome);
        assertThat(served(tmp, "sessions").served()).isTrue();
        // Sessions from the client's XDG_STATE_HOME; the engine from its DOCKER_HOST (here: none listening).
        for (String[] args : List.of(new String[] {"sessions", "--all"}, new String[] {"sessions", "--json"},
                new String[] {"approvals", "--all"}, new String[] {"audit", "tail"}, new String[] {"audit", "verify", "--json"})) {
            assertThat(withoutTimestamps(served(tmp, args))).as(String.join(" ", args))
                    .isEqualTo(withoutTimestamps(direct(tmp, args)));
        }
        Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(tmp.resolve("logs/a.jsonl"), "not json\n");
        Answer broken = served(tmp, "audit", "verify", "--log", "logs/a.jsonl");
        assertThat(broken.exit()).as("a relative --log is the client's file, and it is broken").isNotZero();
        assertThat(broken).isEqualTo(direct(tmp, "audit", "verify", "--log", "logs/a.jsonl"));
    }

    @Test
    void handsBackWhatItDoesNotServeWithoutRunningIt() throws IOException {
        Answer a = served(tmp, "org", "update");
        assertThat(a.served()).isFalse();
        assertThat(a.out()).isEmpty();
        assertThat(a.err()).isEmpty();
        assertThat(served(tmp).served()).as("scc alone launches: never in the server").isFalse();
    }

    @Test
    void aCommandBehindASlowOneRunsInItsOwnJvmInsteadOfWaiting() throws Exception {
        var holding = new java.util.concurrent.CountDownLatch(1);
        var done = new java.util.concurrent.CountDownLatch(1);
        Thread slow = new Thread(() -> {
            server.runLock().lock(); // stands in for a command that takes long (a remote fetch)
            try {
                holding.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.runLock().unlock();
            }
        });
        slow.start();
        holding.await();
        try {
            Answer a = served(tmp, "--version");
            assertThat(a.served()).as("handed back rather than queued").isFalse();
            assertThat(a.out()).isEmpty();
        } finally {
            done.countDown();
            slow.join();
        }
        assertThat(served(tmp, "--version").served()).as("served again once the slow one is done").isTrue();
    }

    @Test
    void statusAndStop() throws Exception {
        served(tmp, "--version");
        assertThat(ServerSockets.status(socket)).containsEntry("pid", String.valueOf(ProcessHandle.current().pid()))
                .containsEntry("served", "1").containsEntry("socket", socket.toString());
        assertThat(ServerSockets.list(dir)).containsExactly(socket);
        ServerSockets.stop(socket);
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(server.closed()).isTrue();
        assertThat(socket).doesNotExist();
    }

    @Test
    void oneServerPerSocket() throws IOException {
        assertThat(CliServer.bind(socket, Duration.ofMinutes(1))).isEmpty();
        assertThat(socket).exists();
        assertThat(ServerSockets.status(socket)).containsEntry("served", "0");
    }

    @Test
    void stopsWhenItsSocketIsRemoved() throws Exception {
        Files.delete(socket);
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
    }

    @Test
    void refusesADirectoryOthersCanReach() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwx---")));
        assertThatThrownBy(() -> CliServer.bind(open.resolve("cli-x.sock"), Duration.ofMinutes(1)))
                .hasMessageContaining("no access for group or others");
        assertThat(ServerSockets.list(open)).isEmpty();
    }

    @Test
    void dropsAMalformedRequestAndKeepsServing() throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write("HTTP/1.1 GET /\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            int answer;
            try {
                answer = Channels.newInputStream(ch).read();
            } catch (IOException reset) {
                answer = -1; // closed with our bytes unread: a reset, which is fine too
            }
            assertThat(answer).as("no answer, connection closed").isEqualTo(-1);
        }
        assertThat(served(tmp, "--version").exit()).isZero();
    }

    @Test
    void terminalWidthFollowsTheLaunchersRule() {
        assertThat(CliServer.usageWidth(0)).isEqualTo(80);
        assertThat(CliServer.usageWidth(20)).isEqualTo(55);
        assertThat(CliServer.usageWidth(132)).isEqualTo(132);
    }
}
