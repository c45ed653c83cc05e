package dev.scc.app.governance;

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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explain, validate, render and start resolve org, team, provider and project the same way: flags, then the saved
 * setup, then defaults; the project layer is the {@code .scc.yaml} of the workspace or of the current directory.
 */
class OneResolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;
    private Path org;
    private Path repo;

    @BeforeEach
    void files() throws IOException {
        org = home.resolve("org.yaml");
        String fixture = "governance/two-teams-one-with-an-unknown-posture.yaml";
        try (var in = OneResolutionTest.class.getResourceAsStream("/" + fixture)) {
            assertThat(in).as("test fixture " + fixture).isNotNull();
            Files.write(org, in.readAllBytes());
        }
        repo = Files.createDirectories(home.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".scc.yaml"), "additional_plugins: [\"extra@corp\"]\n");
    }

    private record Run(int exit, String out, String err) {
        JsonNode data() throws IOException {
            return JSON.readTree(out).path("data");
        }
    }

    private Run scc(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices s = new CliServices(Map.of("HOME", home.toString(), "DOCKER_HOST",
                "unix://" + home.resolve("no-docker.sock")), home, Clock.systemUTC(), cwd, false);
        return new Run(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), s, args), out.toString(),
                err.toString());
    }

    private void saveSetup(String team, String provider) throws IOException {
        Files.createDirectories(home.resolve(".config/scc"));
        Files.writeString(home.resolve(".config/scc/config.json"), "{\"organization_source\":{\"url\":\"" + org
                + "\"},\"selected_profile\":\"" + team + "\",\"selected_provider\":\"" + provider + "\"}");
    }

    @Test
    void explainWithoutATeamShowsTheOrgBaseline() throws IOException {
        Run r = scc(home, "config", "explain", "--org", org.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.data().path("team").isNull()).isTrue();
        assertThat(r.data().path("effective").path("plugins").toString()).contains("base@corp").doesNotContain("lint");
        Run text = scc(home, "config", "explain", "--org", org.toString());
        assertThat(text.out()).contains("Team:         (none: the org baseline; pass --team NAME)");
    }

    @Test
    void anOrgWithoutProfilesCanBeExplained() throws IOException {
        Files.writeString(org, "schema_version: \"1.0.0\"\norganization: {name: Solo, id: solo}\n");
        Run r = scc(home, "config", "explain", "--org", org.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.data().path("organization").toString()).contains("Solo");
    }

    @Test
    void aTeamWithAnUnknownNetworkPolicyIsReportedNotAnInvalidOrg() throws IOException {
        Run r = scc(home, "config", "explain", "--org", org.toString(), "--team", "strict", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode ignored = r.data().path("ignored_policy_changes");
        assertThat(ignored.toString()).contains("fortress", "Unknown team network_policy value", "team.strict");
        assertThat(r.data().path("effective").path("network_policy").asText()).isEqualTo("web-egress-enforced");
        assertThat(scc(home, "org", "validate", org.toString()).exit()).isZero();
    }

    @Test
    void explainUsesTheSavedTeamAndProviderAndTheCurrentDirectorysProject() throws IOException {
        saveSetup("backend", "codex");
        Run r = scc(repo, "config", "explain", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.data().path("team").asText()).isEqualTo("backend");
        assertThat(r.data().path("provider").asText()).isEqualTo("codex");
        assertThat(r.data().path("effective").path("plugins").toString()).contains("extra@corp", "lint@corp");
        // a subdirectory of the repository resolves to the same project layer, as scc start mounts the git root
        Path sub = Files.createDirectories(repo.resolve("src/main"));
        assertThat(scc(sub, "config", "explain", "--json").data().path("effective").path("plugins").toString())
                .contains("extra@corp");
    }

    @Test
    void flagsBeatTheSavedSetup() throws IOException {
        saveSetup("backend", "codex");
        Run r = scc(repo, "config", "explain", "--team", "strict", "--provider", "claude", "--json");
        assertThat(r.data().path("team").asText()).isEqualTo("strict");
        assertThat(r.data().path("provider").asText()).isEqualTo("claude");
    }

    @Test
    void renderAndStartResolveAsExplainDoes() throws IOException {
        saveSetup("backend", "codex");
        Run render = scc(repo, "render", "--root", home.resolve("root").toString(), "--json");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(home.resolve("root/etc/codex/config.toml")).exists();
        Run start = scc(repo, "start", "--dry-run", "--json");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.data().path("provider").asText()).isEqualTo("codex");
        assertThat(start.data().path("team").asText()).isEqualTo("backend");
        assertThat(start.data().path("workspace").asText()).isEqualTo(repo.toString());
    }

    @Test
    void explainsFixHintRepeatsTheFlagsItWasGiven() {
        Path ws = repo;
        Run r = scc(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--workspace",
                ws.toString());
        // extra@corp is a project addition the team delegates; make one that is denied to see the hint
        assertThat(r.exit()).as(r.err()).isZero();
        Run denied = scc(home, "config", "explain", "--org", org.toString(), "--team", "strict", "--workspace",
                ws.toString());
        assertThat(denied.out()).contains("Fix: scc unblock extra@corp --ttl 8h --reason \"...\" --org " + org
                + " --team strict --workspace " + ws);
    }
}
