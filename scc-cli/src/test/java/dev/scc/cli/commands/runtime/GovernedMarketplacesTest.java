package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governed plugin marketplaces with a git source reach the sandbox as files, and the rendered settings point the
 * agent at them, so no launch depends on the agent fetching them through the egress proxy. The git source is a real
 * repository in a temp directory, cloned over {@code file://} (git's {@code insteadOf}); no engine is needed
 * ({@code --dry-run}, render).
 */
class GovernedMarketplacesTest {
    /** What the org names (its schema wants https:// or git@); git is told to read it from {@code origin}. */
    private static final String URL = "https://git.example.invalid/acme/tools.git";

    @TempDir Path home;
    private Path org;
    private Path ws;
    private Path origin;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws Exception {
        origin = home.resolve("origin");
        Files.createDirectories(origin.resolve(".claude-plugin"));
        Files.writeString(origin.resolve(".claude-plugin/marketplace.json"), """
                {"name": "acme-tools", "owner": {"name": "Acme"}, "plugins": [
                  {"name": "review", "source": "./plugins/review", "description": "Reviews."},
                  {"name": "evil-tool", "source": "./plugins/evil-tool", "description": "Blocked."},
                  {"name": "Evil-Other", "source": "./plugins/evil-tool", "description": "Blocked by pattern only."}]}
                """);
        for (String p : List.of("review", "evil-tool")) {
            Files.createDirectories(origin.resolve("plugins/" + p + "/.claude-plugin"));
            Files.writeString(origin.resolve("plugins/" + p + "/.claude-plugin/plugin.json"),
                    "{\"name\": \"" + p + "\", \"description\": \"d\", \"version\": \"1.0.0\"}\n");
        }
        Path script = origin.resolve("plugins/review/scripts/check.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho ok\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        git(origin, "init", "-q", "-b", "main");
        git(origin, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "add", "-A");
        git(origin, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-q", "-m", "tools");
        org = home.resolve("org/org.yaml");
        Files.createDirectories(org.getParent());
        writeOrg("main", "web-egress-enforced");
        ws = Files.createDirectories(home.resolve("ws"));
        Files.createDirectories(ws.resolve(".git")); // a repository: scc start refuses a plain directory
    }

    private void writeOrg(String branch, String posture) throws IOException {
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                marketplaces:
                  acme-tools: {source: git, url: "%s", branch: %s}
                security:
                  blocked_plugins: ["evil-*"]
                defaults:
                  network_policy: %s
                  enabled_plugins: [review@acme-tools, evil-tool@acme-tools]
                profiles:
                  dev: {}
                """.formatted(URL, branch, posture));
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(o).isZero();
    }

    private int scc(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("DOCKER_HOST", "unix://" + home.resolve("no-docker.sock"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // The org's https URL is rewritten to the local repository, and git may only speak file://, so a mistake in
        // a test cannot reach a network.
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", "url." + origin.toUri().toString().replaceFirst("^file:/+", "file:///")
                + ".insteadOf");
        env.put("GIT_CONFIG_VALUE_0", URL);
        env.put("GIT_ALLOW_PROTOCOL", "file");
        CliServices services = new CliServices(env, home, Clock.systemUTC());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    /** Fetches the org's marketplace into the cache the way a user does before a launch: a render (or a launch). */
    private void fillCache() {
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--root",
                home.resolve("filled").toString())).as(err.toString()).isZero();
    }

    @Test
    void dryRunFetchesNothingAndSaysWhatTheLaunchWouldFetch() throws IOException {
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run",
                ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("would fetch first (not cached; nothing was fetched):",
                "marketplace:acme-tools: git ").doesNotContain("/opt/scc/marketplaces/acme-tools/  marketplace");
        assertThat(home.resolve(".cache/scc/marketplaces")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(Files.list(p)).isEmpty());
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run", "--json",
                ws.toString())).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).path("data").path("would_fetch").toString())
                .contains("marketplace:acme-tools");
    }

    @Test
    void dryRunPlacesEveryMarketplaceFileUnderOptSccMarketplaces() throws IOException {
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run", "--json",
                ws.toString())).as(err.toString()).isZero();
        JsonNode files = new ObjectMapper().readTree(out.toString()).path("data").path("rendered_files");
        Map<String, String> modes = new HashMap<>();
        files.forEach(f -> modes.put(f.path("path").asText(), f.path("mode").asText()));
        String root = "/opt/scc/marketplaces/acme-tools/";
        assertThat(modes).containsEntry(root + ".claude-plugin/marketplace.json", "0644")
                .containsEntry(root + "plugins/review/.claude-plugin/plugin.json", "0644")
                .containsEntry(root + "plugins/review/scripts/check.sh", "0755")
                .containsKey(root + "plugins/evil-tool/.claude-plugin/plugin.json")
                .containsKey("/etc/claude-code/managed-settings.json");
        assertThat(modes.keySet().stream().filter(p -> p.startsWith("/opt/scc/marketplaces/"))).hasSize(4);
    }

    @Test
    void theTextDryRunSummarisesEachMarketplaceInOneLine() {
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run",
                ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("/opt/scc/marketplaces/acme-tools/  marketplace, 4 files, ")
                .doesNotContain("/opt/scc/marketplaces/acme-tools/plugins");
    }

    @Test
    void claudeSettingsPointAtTheLocalDirectoryAndTheBlockedPluginStaysDisabled() throws IOException {
        Path root = home.resolve("root");
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--root",
                root.toString())).as(err.toString()).isZero();
        JsonNode settings = new ObjectMapper().readTree(root.resolve("etc/claude-code/managed-settings.json").toFile());
        assertThat(settings.path("extraKnownMarketplaces").path("acme-tools").path("source")).isEqualTo(
                new ObjectMapper().readTree("{\"source\": \"directory\", \"path\": \"/opt/scc/marketplaces/acme-tools\"}"));
        assertThat(settings.path("enabledPlugins").path("review@acme-tools").asBoolean(false)).isTrue();
        assertThat(settings.path("enabledPlugins").path("evil-tool@acme-tools").isBoolean()).isTrue();
        assertThat(settings.path("enabledPlugins").path("evil-tool@acme-tools").asBoolean(true)).isFalse();
        assertThat(settings.toString()).doesNotContain("file://");
    }

    @Test
    void theBlockedPluginsAreLeftOutOfThePlacedCatalog() throws IOException {
        Path root = home.resolve("root");
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "codex", "--root",
                root.toString())).as(err.toString()).isZero();
        JsonNode catalog = new ObjectMapper().readTree(
                root.resolve("opt/scc/marketplaces/acme-tools/.claude-plugin/marketplace.json").toFile());
        assertThat(catalog.path("name").asText()).isEqualTo("acme-tools");
        assertThat(catalog.path("owner").path("name").asText()).isEqualTo("Acme");
        List<String> names = new ArrayList<>();
        catalog.path("plugins").forEach(p -> names.add(p.path("name").asText()));
        // evil-tool is blocked in the plan; Evil-Other matches the org's pattern though nobody enabled it
        assertThat(names).containsExactly("review");
    }

    @Test
    void codexConfigNamesTheLocalDirectoryAsALocalMarketplace() throws IOException {
        Path root = home.resolve("root");
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "codex", "--root",
                root.toString())).as(err.toString()).isZero();
        String toml = Files.readString(root.resolve("etc/codex/config.toml"));
        assertThat(toml).contains("[marketplaces.acme-tools]", "source_type = \"local\"",
                "source = \"/opt/scc/marketplaces/acme-tools\"").doesNotContain("file://");
        assertThat(root.resolve("opt/scc/marketplaces/acme-tools/plugins/review/scripts/check.sh")).isExecutable();
    }

    @Test
    void openPostureMaterialisesTooSoTheAgentNeverFetchesAGovernedMarketplace() throws IOException {
        writeOrg("main", "open");
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run",
                ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("/opt/scc/marketplaces/acme-tools/  marketplace, 4 files");
    }

    @Test
    void aMarketplaceThatCannotBeFetchedStopsTheLaunchNamingItsKeyAndSource() throws IOException {
        writeOrg("no-such-branch", "web-egress-enforced");
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--root",
                home.resolve("r").toString())).isEqualTo(3);
        assertThat(err.toString()).contains("governed marketplace marketplace:acme-tools", "no-such-branch",
                "cannot clone");
        assertThat(home.resolve("r")).doesNotExist();
    }

    @Test
    void offlineLaunchesUseTheMarketplaceCacheAndFailClosedWithoutIt() {
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--offline",
                "--dry-run", ws.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("marketplace:acme-tools", "offline and not in the marketplace cache");
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--offline",
                "--dry-run", ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("/opt/scc/marketplaces/acme-tools/  marketplace, 4 files");
    }
}
