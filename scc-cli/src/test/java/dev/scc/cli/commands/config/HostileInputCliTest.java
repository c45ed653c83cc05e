package dev.scc.cli.commands.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken paths, special files and terminal escapes through the commands a user runs. */
class HostileInputCliTest {
    @TempDir Path home;
    private Path org;

    @BeforeEach
    void writeOrg() throws IOException {
        org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                security: {allow_stdio_mcp: false}
                delegation:
                  teams: {allow_additional_mcp_servers: ["backend"]}
                  projects: {inherit_team_delegation: true}
                profiles:
                  backend:
                    delegation: {allow_project_overrides: true}
                """);
    }

    @Test
    void validateWithAMissingProjectFileIsAnErrorNotNothingToValidate() {
        CliRun r = CliRun.run(home, "config", "validate", "--org", org.toString(), "--team", "backend",
                "--project", home.resolve("nonexistent/.scc.yaml").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("nonexistent/.scc.yaml", "not found");
        assertThat(r.out()).doesNotContain("nothing to validate");
    }

    @Test
    void validateWithADanglingLoopingOrNotADirectoryPathFailsClosed() throws IOException {
        Path dangling = Files.createSymbolicLink(home.resolve("dangling.yaml"), home.resolve("gone.yaml"));
        Path loop = home.resolve("loop.yaml");
        Files.createSymbolicLink(loop, loop);
        Path file = Files.writeString(home.resolve("plain"), "x");
        for (Path p : new Path[] {dangling, loop, file.resolve(".scc.yaml")}) {
            CliRun r = CliRun.run(home, "config", "validate", "--org", org.toString(), "--team", "backend",
                    "--project", p.toString());
            assertThat(r.exit()).as(p.toString()).isNotZero();
            assertThat(r.err()).contains(p.toString());
        }
        CliRun ws = CliRun.run(home, "config", "validate", "--org", org.toString(), "--team", "backend",
                "--workspace", file.toString());
        assertThat(ws.exit()).isNotZero();
        assertThat(ws.err()).contains("not a directory");
    }

    @Test
    void aPaddedStdioTypeInTheProjectIsRefusedByValidate() throws IOException {
        Path ws = Files.createDirectories(home.resolve("ws"));
        Files.writeString(ws.resolve(".scc.yaml"), """
                additional_mcp_servers:
                  - {name: tool, type: "stdio ", command: "/opt/tools/../../bin/sh"}
                """);
        CliRun r = CliRun.run(home, "config", "validate", "--org", org.toString(), "--team", "backend",
                "--workspace", ws.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains(".scc.yaml", "additional_mcp_servers[0].type");
    }

    @Test
    void aMissingOrgFileExitsNotFoundAsTheReadmeSays() {
        CliRun r = CliRun.run(home, "config", "explain", "--org", home.resolve("no-org.yaml").toString(), "--team", "x");
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("no-org.yaml");
    }

    @Test
    void aFifoOrDevZeroAsTheOrgIsAClearErrorAtOnce() throws Exception {
        Path fifo = home.resolve("org-fifo.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (String p : new String[] {fifo.toString(), "/dev/zero"}) {
            CliRun r = CliRun.run(home, "config", "explain", "--org", p, "--team", "backend");
            assertThat(r.exit()).as(p).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).contains(p).contains("not a regular file").doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void aDanglingUserConfigIsRefusedNotTreatedAsStandalone() throws IOException {
        Path cfg = Files.createDirectories(home.resolve(".config/scc")).resolve("config.json");
        Files.createSymbolicLink(cfg, home.resolve("moved-away.json"));
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend");
        assertThat(r.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("config.json", "dangling");
    }

    @Test
    void terminalEscapesInTheOrgAreReportedByValidateAndNeverPrintedRaw() throws IOException {
        Path evil = home.resolve("evil.yaml");
        Files.writeString(evil, """
                schema_version: "1.0.0"
                organization: {name: "Acme\\e]0;pwned\\a", id: acme}
                profiles:
                  backend: {description: "fine\\e[2J\\e[1;1Hgone"}
                """);
        CliRun v = CliRun.run(home, "org", "validate", evil.toString());
        assertThat(v.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(v.out() + v.err()).contains("$.organization.name", "U+001B", "$.profiles.backend.description")
                .doesNotContain("\u001b");
        for (String[] cmd : new String[][] {{"team", "list", "--org", evil.toString()},
                {"config", "explain", "--org", evil.toString(), "--team", "backend"}}) {
            CliRun r = CliRun.run(home, cmd);
            assertThat(r.exit()).as(String.join(" ", cmd)).isNotZero();
            assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\u0007");
        }
    }

    @Test
    void unblockNeverPrintsOrStoresAKeyTypedIntoTheReason() throws IOException {
        Path org2 = Files.writeString(home.resolve("org2.yaml"), """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                delegation: {teams: {allow_additional_plugins: []}}
                profiles:
                  t: {additional_plugins: [x@m, y@m]}
                """);
        String key = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-AbCdEfGh";
        // One denied plugin per run: the first run's override lifts its denial.
        for (String[] json : new String[][] {{}, {"--json"}}) {
            String[] base = {"unblock", json.length == 0 ? "x@m" : "y@m", "--org", org2.toString(), "--team", "t",
                "--reason", "key " + key, "--ttl", "1h"};
            String[] cmd = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(json))
                    .toArray(String[]::new);
            CliRun r = CliRun.run(home, cmd);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out() + r.err()).contains("[REDACTED]").doesNotContain(key);
        }
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(key);
            }
        }
    }
}
