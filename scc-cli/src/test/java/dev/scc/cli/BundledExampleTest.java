package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.runtime.docker.ImageNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour on the bundled example works offline: its marketplace is a directory in the repository, placed
 * like a fetched one, and a dry run fetches nothing. Git may only speak {@code file://} here and no proxy or engine
 * is reachable, so anything that tried the network would fail.
 */
class BundledExampleTest {
    private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;

    private record Run(int exit, String out, String err) {}

    private Run scc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HOME", home.toString(), "PATH", System.getenv().getOrDefault("PATH", "/bin"),
                "GIT_ALLOW_PROTOCOL", "file", "HTTPS_PROXY", "http://127.0.0.1:9", "DOCKER_HOST",
                "unix://" + home.resolve("no-docker.sock"));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliServices(env, home, Clock.systemUTC(), EXAMPLES.getParent(), false), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theExampleOrgsMarketplaceIsADirectoryBesideIt() throws IOException {
        assertThat(Files.readString(EXAMPLES.resolve("org.yaml"))).contains(
                "  corp:\n    source: directory\n    path: marketplace\n");
        assertThat(EXAMPLES.resolve("marketplace/.claude-plugin/marketplace.json")).isRegularFile();
    }

    @Test
    void renderPlacesTheExampleMarketplaceWithoutTheBlockedPlugin() throws IOException {
        Path root = home.resolve("root");
        Run r = scc("render", "--org", EXAMPLES.resolve("org.yaml").toString(), "--team", "backend", "--provider",
                "claude", "--root", root.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode catalog = JSON.readTree(root.resolve("opt/scc/marketplaces/corp/.claude-plugin/marketplace.json")
                .toFile());
        List<String> names = new ArrayList<>();
        catalog.path("plugins").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("code-review", "security-scan", "spring-helper")
                .doesNotContain("db-migrations-experimental");
        assertThat(Files.readString(root.resolve("etc/claude-code/managed-settings.json")))
                .contains("/opt/scc/marketplaces/corp");
        assertThat(home.resolve(".cache/scc/marketplaces")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p.toFile().list()).isEmpty());
    }

    @Test
    void theTourDryRunFetchesNothingAndShowsEveryRefusal() throws IOException {
        Run r = scc("start", "--org", EXAMPLES.resolve("org.yaml").toString(), "--team", "backend", "--dry-run",
                "--json", EXAMPLES.resolve("workspace").toString());
        JsonNode env = JSON.readTree(r.out());
        JsonNode data = env.path("data");
        assertThat(data.path("would_fetch")).as(r.out()).isEmpty();
        assertThat(data.path("rendered_files").findValuesAsText("path"))
                .contains("/opt/scc/marketplaces/corp/.claude-plugin/marketplace.json", "/etc/scc/safety-policy.json");
        // The example blocks *:latest and docker.io/library/*: while SCC's own agent image carries the latest tag the
        // launch is refused, and the dry run says so with the launch's exit code; with another tag nothing of the
        // policy refuses it (a locally built name is not a Docker Hub official image).
        boolean latest = ImageNames.DEFAULT.agent("claude").endsWith(":latest");
        assertThat(r.exit()).as(r.err()).isEqualTo(latest ? ExitCodes.GOVERNANCE : ExitCodes.OK);
        assertThat(data.path("refusals").findValuesAsText("message"))
                .anyMatch(m -> m.contains("cannot reach the Docker engine"));
        assertThat(data.path("refusals").findValuesAsText("message").stream()
                .anyMatch(m -> m.contains("blocked by security.blocked_base_images ('*:latest')"))).isEqualTo(latest);
        assertThat(data.path("refusals").findValuesAsText("message"))
                .noneMatch(m -> m.contains("('docker.io/library/*')"));
    }

    @Test
    void theExplainTourLinesWorkIncludingTheOrgBaseline() {
        Run team = scc("config", "explain", "--org", EXAMPLES.resolve("org.yaml").toString(), "--team", "backend",
                "--workspace", EXAMPLES.resolve("workspace").toString(), "--provider", "claude");
        assertThat(team.exit()).as(team.err()).isZero();
        assertThat(team.out()).contains("Team:         backend", "code-review@corp");
        Run baseline = scc("config", "explain", "--org", EXAMPLES.resolve("org.yaml").toString());
        assertThat(baseline.exit()).as(baseline.err()).isZero();
        assertThat(baseline.out()).contains("(none: the org baseline", "code-review@corp").doesNotContain(
                "spring-helper");
    }
}
