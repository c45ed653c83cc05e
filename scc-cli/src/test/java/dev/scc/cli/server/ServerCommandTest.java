package dev.scc.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc server status|stop} find the servers in the launcher's directory and report them, also as JSON. */
class ServerCommandTest {
    @TempDir Path runtime;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), CliServices.forInvocation(
                Map.of("HOME", runtime.toString(), "XDG_RUNTIME_DIR", runtime.toString()), Clock.systemUTC(), runtime, false), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void statusListsAndStopEndsTheServersOfTheLaunchersDirectory() throws Exception {
        assertThat(ServerSockets.directory(Map.of("XDG_RUNTIME_DIR", runtime.toString()))).isEqualTo(runtime.resolve("scc"));
        Path dir = Files.createDirectory(runtime.resolve("scc"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("cli-1-2.sock");
        CliServer server = CliServer.bind(socket, Duration.ofMinutes(5)).orElseThrow();
        Thread serving = new Thread(server::serve);
        serving.start();
        try {
            String[] json = run("server", "status", "--json");
            assertThat(json[0]).isEqualTo("0");
            JsonNode env = new ObjectMapper().readTree(json[1]);
            assertThat(env.path("kind").asText()).isEqualTo("ServerStatus");
            assertThat(env.path("status").path("ok").asBoolean()).isTrue();
            assertThat(env.path("data").path("directory").asText()).isEqualTo(dir.toString());
            assertThat(env.path("data").path("servers").get(0).path("pid").asText()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            assertThat(env.path("data").path("servers").get(0).path("socket").asText()).isEqualTo(socket.toString());

            assertThat(run("server", "status")[1]).contains("pid " + ProcessHandle.current().pid(), socket.toString());
            assertThat(dev.scc.cli.commands.runtime.DoctorCommandAccess.serverCheck(Map.of("XDG_RUNTIME_DIR", runtime.toString())))
                    .contains("running (pid " + ProcessHandle.current().pid() + ", served ");
            String[] stop = run("server", "stop");
            assertThat(stop[0]).isEqualTo("0");
            assertThat(stop[1]).contains("Stopped 1 server.");
            serving.join(10_000);
            assertThat(serving.isAlive()).isFalse();
            assertThat(socket).doesNotExist();
        } finally {
            server.close();
        }
        assertThat(dev.scc.cli.commands.runtime.DoctorCommandAccess.serverCheck(Map.of("XDG_RUNTIME_DIR", runtime.toString())))
                .startsWith("not running: the next read-only command starts one");
        assertThat(dev.scc.cli.commands.runtime.DoctorCommandAccess.serverCheck(Map.of("SCC_SERVER", "0")))
                .startsWith("off (SCC_SERVER=0)");
        String[] none = run("server", "status");
        assertThat(none[0]).isEqualTo("0");
        assertThat(none[1]).contains("No scc server is running (" + dir + ")");
    }

    @Test
    void aSocketNobodyAnswersIsAWarningNotAFailure() throws Exception {
        Path dir = Files.createDirectory(runtime.resolve("scc"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createFile(dir.resolve("cli-dead.sock"));
        String[] r = run("server", "status");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[2]).contains("cli-dead.sock: no server answers");
    }
}
