package dev.scc.render.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.testkit.Fixtures;
import dev.scc.testkit.Schemas;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** The native-surfaces §6 behaviours for Codex. */
class CodexRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RenderPlan plan = RenderPlans.from(Fixtures.rich(), "codex");
    private final RenderResult result = new CodexRenderer().render(plan, RenderContext.DEFAULTS);

    private TomlParseResult toml(String path) {
        TomlParseResult t = Toml.parse(result.file(path).orElseThrow().text());
        assertThat(t.errors()).as(path).isEmpty();
        return t;
    }

    @Test
    void configTomlParsesAndValidatesAgainstTheCodexSchema() throws Exception {
        TomlParseResult config = toml(CodexRenderer.CONFIG);
        assertThat(Schemas.errors(Schemas.CODEX_CONFIG, JSON.readTree(config.toJson()))).isEmpty();
    }

    @Test
    void hooksAndPluginManifestsValidate() throws Exception {
        assertThat(Schemas.errors(Schemas.CODEX_HOOKS, result.file(CodexRenderer.HOOKS).orElseThrow().text())).isEmpty();
        List<RenderedFile> manifests = result.files().stream().filter(f -> f.path().endsWith(".codex-plugin/plugin.json")).toList();
        assertThat(manifests).isNotEmpty();
        for (RenderedFile m : manifests) {
            assertThat(Schemas.errors(Schemas.CODEX_PLUGIN, m.text())).as(m.path()).isEmpty();
        }
    }

    @Test
    void theWorkspaceIsTrustedInTheSccOwnedLayer() {
        assertThat(toml(CodexRenderer.CONFIG).getString(List.of("projects", "/workspace", "trust_level"))).isEqualTo("trusted");
    }

    @Test
    void anSseServerIsNotWrittenAndIsReportedSkipped() {
        assertThat(result.report().entry("mcp:legacy-events").orElseThrow())
                .extracting(RenderReport.Entry::status, RenderReport.Entry::reason)
                .containsExactly(RenderReport.Status.SKIPPED, "unsupported-transport:sse");
        assertThat(result.files()).noneMatch(f -> f.text().contains("legacy-events"));
    }

    @Test
    void mcpServersMapFieldForFieldWithoutInliningSecrets() {
        TomlParseResult c = toml(CodexRenderer.CONFIG);
        TomlTable fs = c.getTable(List.of("mcp_servers", "filesystem"));
        assertThat(fs.getString("command")).isEqualTo("npx");
        assertThat(fs.getArray("args").toList()).containsExactly("-y", "@modelcontextprotocol/server-filesystem", "/workspace");
        assertThat(fs.getString(List.of("env", "LOG_LEVEL"))).isEqualTo("info");
        TomlTable gh = c.getTable(List.of("mcp_servers", "github"));
        assertThat(gh.getString("url")).isEqualTo("https://api.githubcopilot.com/mcp/");
        assertThat(gh.getString("bearer_token_env_var")).isEqualTo("GITHUB_TOKEN");
        assertThat(gh.getString(List.of("http_headers", "X-Team"))).isEqualTo("backend");
        assertThat(c.getString(List.of("mcp_servers", "docs-search", "env_http_headers", "X-Api-Key"))).isEqualTo("DOCS_API_KEY");
        assertThat(result.file(CodexRenderer.CONFIG).orElseThrow().text()).doesNotContain("${").doesNotContain("Bearer");
    }

    @Test
    void aBlockedPluginIsNeverEnabledAndAbsentFromTheCatalog() {
        TomlParseResult c = toml(CodexRenderer.CONFIG);
        assertThat(c.getBoolean(List.of("plugins", "blocked-plugin@scc-team", "enabled"))).isFalse();
        result.files().stream().filter(f -> f.path().endsWith("marketplace.json"))
                .forEach(f -> assertThat(f.text()).doesNotContain("blocked-plugin"));
        assertThat(c.getBoolean(List.of("plugins", "review-pack@scc-managed", "enabled"))).isTrue();
    }

    @Test
    void whereTheOrgBlocksPluginsMarketplacesAreRestrictedToThePlansSources() {
        // Codex has no managed per-plugin block; restricting marketplace sources keeps any other catalog from
        // offering a blocked plugin (GovernedMarketplaceNativeIT shows the real codex refusing one).
        TomlParseResult req = toml(CodexRenderer.REQUIREMENTS);
        assertThat(req.getBoolean(List.of("marketplaces", "restrict_to_allowed_sources"))).isTrue();
        TomlTable configured = toml(CodexRenderer.CONFIG).getTable("marketplaces");
        TomlTable allowed = req.getTable(List.of("marketplaces", "allowed_sources"));
        assertThat(configured).isNotNull();
        assertThat(allowed.keySet()).containsExactlyInAnyOrderElementsOf(
                configured.keySet().stream().map(k -> "scc-" + k).toList());
        for (String name : configured.keySet()) {
            TomlTable c = configured.getTable(List.of(name));
            TomlTable rule = allowed.getTable(List.of("scc-" + name));
            assertThat(rule.getString("source")).isEqualTo(c.getString("source_type"));
            assertThat(rule.getString(c.getString("source_type").equals("local") ? "path" : "url"))
                    .isEqualTo(c.getString("source"));
        }
    }

    @Test
    void withoutABlockedPluginMarketplacesStayOpen() {
        RenderPlan open = new RenderPlan(plan.provider(), plan.skills(), plan.mcpServers(), plan.nativeIntegrations(),
                plan.bundles(), plan.plugins().stream().filter(p -> p.state() != dev.scc.core.plan.ItemState.BLOCKED).toList(),
                plan.marketplaces(), plan.safetyHook(), plan.denyRules(), plan.instructions(), plan.trust(), plan.skipped());
        assertThat(open.plugins()).as("the fixture has enabled plugins left").isNotEmpty();
        RenderResult r = new CodexRenderer().render(open, RenderContext.DEFAULTS);
        r.file(CodexRenderer.REQUIREMENTS).ifPresent(f -> assertThat(Toml.parse(f.text()).getTable("marketplaces")).isNull());
    }

    @Test
    void nothingIsWrittenForClaudeAndNoClaudeShapedKeysLeak() {
        for (RenderedFile f : result.files()) {
            assertThat(f.path()).doesNotContain(".claude", "CLAUDE.md", ".mcp.json").doesNotStartWith("workspace/");
        }
        String config = result.file(CodexRenderer.CONFIG).orElseThrow().text();
        assertThat(config).doesNotContain("enabledPlugins", "extraKnownMarketplaces", "mcpServers");
    }

    @Test
    void theConfigUsesNoKeyCodexDropsFromProjectLayers() {
        TomlParseResult c = toml(CodexRenderer.CONFIG);
        for (String k : List.of("openai_base_url", "chatgpt_base_url", "apps_mcp_product_sku", "model_provider",
                "model_providers", "notify", "profile", "profiles", "otel")) {
            assertThat(c.contains(k)).as(k).isFalse();
        }
    }

    @Test
    void theSafetyHookIsInTheSystemHooksFileAndMatchesBash() throws Exception {
        JsonNode group = JSON.readTree(result.file(CodexRenderer.HOOKS).orElseThrow().text()).path("hooks").path("PreToolUse").get(0);
        assertThat(Pattern.compile(group.path("matcher").asText()).matcher("Bash").matches()).isTrue();
        assertThat(Pattern.compile(group.path("matcher").asText()).matcher("apply_patch").matches()).isTrue();
        assertThat(Pattern.compile(group.path("matcher").asText()).matcher("mcp__memory__delete_entities").matches()).isTrue();
        assertThat(group.path("hooks").get(0).path("command").asText()).isEqualTo("/usr/lib/scc/bin/scc-hook codex");
    }

    @Test
    void destructiveGitIsForbiddenInRequirementsAndRules() {
        TomlParseResult req = toml(CodexRenderer.REQUIREMENTS);
        var rules = req.getArray(List.of("rules", "prefix_rules"));
        assertThat(rules.size()).isEqualTo(plan.denyRules().size());
        TomlTable first = rules.getTable(0);
        assertThat(first.getString("decision")).isEqualTo("forbidden");
        assertThat(req.getString(List.of("mcp_servers", "github", "identity", "url"))).isEqualTo("https://api.githubcopilot.com/mcp/");
        assertThat(req.contains(List.of("mcp_servers", "evil-server"))).isFalse();
        String starlark = result.file(CodexRenderer.RULES).orElseThrow().text();
        assertThat(starlark).contains("pattern = [\"git\", \"push\", [\"--force\", \"-f\"]]", "decision = \"forbidden\"");
    }

    @Test
    void theOrgsDenyCommandRulesAreForbiddenPrefixesWithTheProgramByNameAndPath() {
        RenderPlan withRulesPlan = RenderPlans.from(Fixtures.withOrgRules(), "codex");
        RenderResult withRules = new CodexRenderer().render(withRulesPlan, RenderContext.DEFAULTS);
        TomlParseResult req = Toml.parse(withRules.file(CodexRenderer.REQUIREMENTS).orElseThrow().text());
        assertThat(req.getArray(List.of("rules", "prefix_rules")).size()).isEqualTo(withRulesPlan.denyRules().size())
                .isEqualTo(plan.denyRules().size() + 1);
        String starlark = withRules.file(CodexRenderer.RULES).orElseThrow().text();
        assertThat(starlark).contains("pattern = [[\"terraform\", \"/usr/bin/terraform\", \"/usr/local/bin/terraform\", \"/bin/terraform\"], \"destroy\"]",
                "justification = \"pipeline only\"", "match = [\"terraform destroy\"]");
        assertThat(starlark).doesNotContain("-destroy", "kubectl");
    }

    @Test
    void instructionsBecomeDeveloperInstructionsNotAnAgentsMdEdit() {
        assertThat(toml(CodexRenderer.CONFIG).getString("developer_instructions")).contains("Run the tests before every commit.");
        assertThat(result.files()).noneMatch(f -> f.path().endsWith("AGENTS.md"));
    }

    @Test
    void aBindingForTheOtherProviderOnlyIsReportedSkippedNotDropped() {
        assertThat(result.report().entry("artifact:core-tools/lint-hooks").orElseThrow())
                .extracting(RenderReport.Entry::status, RenderReport.Entry::reason)
                .containsExactly(RenderReport.Status.SKIPPED, "no-binding-for-provider:codex");
        assertThat(result.report().entry("artifact:experimental/beta-skill").orElseThrow().reason()).isEqualTo("bundle-request-only");
    }

    @Test
    void skillsGoToTheAgentsSkillsFolder() {
        assertThat(result.file("home/agent/.agents/skills/code-style/SKILL.md")).isPresent();
    }
}
