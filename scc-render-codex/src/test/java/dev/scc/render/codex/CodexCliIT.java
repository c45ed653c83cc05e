package dev.scc.render.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderWriter;
import dev.scc.testkit.Fixtures;
import dev.scc.testkit.NativeCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned real {@code codex} loads what the renderer wrote, offline: at the real system-layer paths (rendered
 * {@code etc/codex} overlaid on {@code /etc/codex}) and through {@code CODEX_HOME}.
 */
class CodexCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path root;
    @TempDir Path home;
    @TempDir Path repo;

    @BeforeEach
    void render() {
        new RenderWriter(root).apply("codex",
                new CodexRenderer().render(RenderPlans.from(Fixtures.rich(), "codex"), RenderContext.DEFAULTS).files());
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add(s.path("name").asText()));
        return out;
    }

    @Test
    void codexLoadsTheRenderedSystemLayerAndListsItsServers() throws Exception {
        NativeCli.Result r = NativeCli.run(root, repo, home, Map.of(), "codex", "mcp", "list", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode list = JSON.readTree(r.stdout());
        assertThat(names(list)).containsExactly("docs-search", "filesystem", "github");
        list.forEach(s -> assertThat(s.path("enabled").asBoolean()).as(s.toString()).isTrue());
    }

    @Test
    void codexLoadsTheRenderedConfigThroughCodexHome() throws Exception {
        Path codexHome = Files.createDirectories(home.resolve("codex-home"));
        Files.copy(root.resolve(CodexRenderer.CONFIG), codexHome.resolve("config.toml"));
        NativeCli.Result r = NativeCli.run(null, repo, home, Map.of("CODEX_HOME", codexHome.toString()), "codex", "mcp",
                "list", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(names(JSON.readTree(r.stdout()))).containsExactly("docs-search", "filesystem", "github");
    }

    @Test
    void aUserLayerCannotAddOrRedirectMcpServersPastTheRenderedRequirements() throws Exception {
        Path userConfig = Files.createDirectories(home.resolve(".codex")).resolve("config.toml");
        Files.writeString(userConfig, "[mcp_servers.evil-server]\ncommand = \"evil\"\n\n[mcp_servers.filesystem]\ncommand = \"other\"\n");
        NativeCli.Result r = NativeCli.run(root, repo, home, Map.of(), "codex", "mcp", "list", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (JsonNode s : JSON.readTree(r.stdout())) {
            boolean ours = List.of("docs-search", "github").contains(s.path("name").asText());
            assertThat(s.path("enabled").asBoolean()).as(s.toString()).isEqualTo(ours);
        }
    }

    @Test
    void codexParsesTheRenderedRequirementsAndRefusesACorruptedCopy() throws Exception {
        Path req = root.resolve(CodexRenderer.REQUIREMENTS);
        Files.writeString(req, Files.readString(req).replaceFirst("decision = \"forbidden\"", "decision = \"allow\""));
        NativeCli.Result r = NativeCli.run(root, repo, home, Map.of(), "codex", "mcp", "list");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.all()).contains("/etc/codex/requirements.toml", "allow");
    }

    @Test
    void theRenderedRulesForbidDestructiveGitAndLeaveHarmlessCommandsAlone() throws Exception {
        String rules = root.resolve(CodexRenderer.RULES).toString();
        for (String cmd : List.of("git push --force origin main", "git push -f", "git reset --hard HEAD~1", "git clean -fd",
                "git branch -D feature")) {
            List<String> argv = new ArrayList<>(List.of("codex", "execpolicy", "check", "--rules", rules, "--"));
            argv.addAll(List.of(cmd.split(" ")));
            NativeCli.Result r = NativeCli.run(null, repo, home, Map.of(), argv.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(JSON.readTree(r.stdout()).path("decision").asText()).as(cmd).isEqualTo("forbidden");
        }
        NativeCli.Result ok = NativeCli.run(null, repo, home, Map.of(), "codex", "execpolicy", "check", "--rules", rules, "--",
                "ls", "-la");
        JsonNode v = JSON.readTree(ok.stdout());
        assertThat(v.path("matchedRules").size()).isZero();
        assertThat(v.has("decision")).isFalse();
    }

    /**
     * native-surfaces §6.11: a project {@code .codex/config.toml} is ignored while the workspace is untrusted and
     * applies once the rendered system layer trusts the workspace.
     */
    @Test
    void theRenderedSystemLayerTrustsTheWorkspaceSoProjectConfigApplies() throws Exception {
        Path ws = repo.toRealPath();
        Files.createDirectories(ws.resolve(".git"));
        Files.createDirectories(ws.resolve(".codex"));
        Files.writeString(ws.resolve(".codex/config.toml"), "developer_instructions = \"PROJECT-LAYER-MARKER\"\n");
        NativeCli.Result untrusted = NativeCli.run(root, ws, home, Map.of(), "codex", "debug", "prompt-input", "hi");
        assertThat(untrusted.exitCode()).as(untrusted.all()).isZero();
        assertThat(untrusted.stdout()).doesNotContain("PROJECT-LAYER-MARKER");

        new RenderWriter(root).apply("codex", new CodexRenderer().render(RenderPlans.from(Fixtures.rich(), "codex",
                dev.scc.core.plan.PlanOptions.DEFAULTS.withWorkspace(ws.toString())), RenderContext.DEFAULTS).files());
        NativeCli.Result trusted = NativeCli.run(root, ws, home, Map.of(), "codex", "debug", "prompt-input", "hi");
        assertThat(trusted.exitCode()).as(trusted.all()).isZero();
        assertThat(trusted.stdout()).contains("PROJECT-LAYER-MARKER");
    }

    @Test
    void codexFindsTheRenderedPluginInTheRenderedCatalog() throws Exception {
        Path r2 = Files.createDirectories(home.resolve("render2"));
        var rich = Fixtures.rich();
        // Only the bundle plugin: the org marketplaces in the fixture point at directories that do not exist here.
        var config = Fixtures.config(java.util.List.of(), java.util.List.of(), Map.of(), rich.bundles(),
                dev.scc.core.model.Security.NONE, java.util.List.of());
        new RenderWriter(r2).apply("codex", new CodexRenderer().render(RenderPlans.from(config, "codex"), RenderContext.DEFAULTS).files());
        Path agentHome = r2.resolve("home/agent");
        NativeCli.Result r = NativeCli.run(r2, repo, agentHome, Map.of(), "codex", "plugin", "list");
        assertThat(r.exitCode()).as(r.all()).isZero();
        // SCC's catalog is a local marketplace under /opt (NativeCli overlays the rendered opt/ there).
        assertThat(r.stdout()).containsPattern("review-pack@scc-managed +.*/opt/scc/marketplaces/scc-managed/plugins/review-pack");
        assertThat(r2.resolve("opt/scc/marketplaces/scc-managed/plugins/review-pack/.codex-plugin/plugin.json")).exists();
    }

    @Test
    void restrictedMarketplacesStillOfferTheRenderedBundlePlugin() throws Exception {
        Path r3 = Files.createDirectories(home.resolve("render3"));
        var rich = Fixtures.rich();
        // A blocked plugin makes the renderer restrict marketplace sources; SCC's own catalog must still work.
        var config = Fixtures.config(java.util.List.of(), java.util.List.of(), Map.of(), rich.bundles(), rich.security(),
                rich.blockedItems());
        var plan = RenderPlans.from(config, "codex");
        assertThat(plan.plugins()).anyMatch(p -> p.state() == dev.scc.core.plan.ItemState.BLOCKED);
        new RenderWriter(r3).apply("codex", new CodexRenderer().render(plan, RenderContext.DEFAULTS).files());
        assertThat(r3.resolve("etc/codex/requirements.toml")).content().contains("restrict_to_allowed_sources = true");
        Path agentHome = r3.resolve("home/agent");
        NativeCli.Result r = NativeCli.run(r3, repo, agentHome, Map.of(), "codex", "plugin", "list");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("review-pack@scc-managed");
    }

    @Test
    void theModelSeesTheRenderedInstructionsAndSkills() throws Exception {
        Path agentHome = root.resolve("home/agent");
        NativeCli.Result r = NativeCli.run(root, repo, agentHome, Map.of(), "codex", "debug", "prompt-input", "hello");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Run the tests before every commit.", "code-style");
    }
}
