package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace protection chosen by the org, a delegated team and the workspace's own {@code .scc.yaml}, through the
 * user's commands: {@code scc config explain} names each path's mode and origin and the refused loosenings, and
 * {@code scc start --dry-run} mounts what the layers made read-only. No engine needed.
 */
class LayeredWorkspaceProtectionTest {
    @TempDir Path home;
    private Path org;
    private Path ws;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws IOException {
        org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                security:
                  workspace_protection: {.envrc: review, .idea: off}
                delegation:
                  teams: {allow_workspace_protection: [web]}
                  projects: {inherit_team_delegation: true}
                profiles:
                  web:
                    allowed_providers: [claude]
                    delegation: {allow_project_overrides: true}
                    workspace_protection: {scripts: review, .git/hooks: off, .idea: review}
                """);
        ws = Files.createDirectories(home.resolve("ws"));
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createDirectories(ws.resolve("scripts"));
        Files.writeString(ws.resolve("Makefile"), "all:\n");
        Files.writeString(ws.resolve(".scc.yaml"), "workspace_protection: {Makefile: read-only, scripts: read-only, .envrc: off}\n");
    }

    private int scc(String... args) {
        out.getBuffer().setLength(0);
        CliServices services = new CliServices(Map.of("HOME", home.toString(), "DOCKER_HOST", "unix://"
                + home.resolve("no-docker.sock")), home, Clock.systemUTC());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    @Test
    void explainShowsEachPathsModeAndOriginAndTheLooseningsItRefused() throws IOException {
        assertThat(scc("config", "explain", "--org", org.toString(), "--team", "web", "--project",
                ws.resolve(".scc.yaml").toString(), "--provider", "claude", "--json")).as(err.toString()).isZero();
        JsonNode d = new ObjectMapper().readTree(out.toString()).path("data");
        List<String> rows = new ArrayList<>();
        d.path("effective").path("workspace_protection").forEach(n -> rows.add(n.path("path").asText() + " "
                + n.path("mode").asText() + " " + n.path("source").asText()));
        assertThat(rows).contains(".git/hooks read-only scc.default", ".claude read-only provider.claude",
                ".envrc review org.security", ".idea review team.web", "scripts read-only project",
                "Makefile read-only project");
        List<String> ignored = new ArrayList<>();
        d.path("ignored_policy_changes").forEach(n -> ignored.add(n.path("field").asText() + " " + n.path("source").asText()));
        assertThat(ignored).containsExactlyInAnyOrder(
                "profiles.web.workspace_protection['.git/hooks'] team.web (" + org + ")",
                "workspace_protection['.envrc'] project (" + ws.resolve(".scc.yaml") + ")");
        assertThat(d.path("enforcement").toString()).contains("Workspace files the host runs");
    }

    @Test
    void theDryRunMountsWhatTheLayersMadeReadOnlyAndReviewsTheRest() throws IOException {
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", "--json", ws.toString()))
                .as(err.toString()).isZero();
        JsonNode d = new ObjectMapper().readTree(out.toString()).path("data");
        JsonNode protection = d.path("workspace_protection");
        assertThat(protection.path("Makefile").asText()).isEqualTo("read-only");
        assertThat(protection.path("scripts").asText()).isEqualTo("read-only");
        assertThat(protection.path(".git/hooks").asText()).isEqualTo("read-only");
        assertThat(protection.path(".envrc").asText()).isEqualTo("review");
        assertThat(protection.path(".idea").asText()).isEqualTo("review");
        List<String> readOnlyTargets = new ArrayList<>();
        d.path("mounts").forEach(m -> {
            if (m.path("mode").asText().equals("ro")) {
                readOnlyTargets.add(m.path("target").asText());
            }
        });
        assertThat(readOnlyTargets).contains("/workspace/Makefile", "/workspace/scripts", "/workspace/.git/hooks");
    }
}
