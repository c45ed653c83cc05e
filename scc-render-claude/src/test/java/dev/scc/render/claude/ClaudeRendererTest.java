package dev.scc.render.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.plan.PlanOptions;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.testkit.Fixtures;
import dev.scc.testkit.Schemas;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The native-surfaces §6 behaviours for Claude Code. */
class ClaudeRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RenderPlan plan = RenderPlans.from(Fixtures.rich(), "claude");
    private final RenderResult result = new ClaudeRenderer().render(plan, RenderContext.DEFAULTS);

    private JsonNode json(String path) throws Exception {
        return JSON.readTree(result.file(path).orElseThrow().text());
    }

    @Test
    void managedSettingsValidateAndUseOnlyKeysTheSchemaKnows() throws Exception {
        JsonNode settings = json(ClaudeRenderer.MANAGED_SETTINGS);
        assertThat(Schemas.errors(Schemas.CLAUDE_SETTINGS, settings)).isEmpty();
        List<String> keys = new ArrayList<>();
        settings.fieldNames().forEachRemaining(keys::add);
        assertThat(Schemas.rootProperties(Schemas.CLAUDE_SETTINGS)).containsAll(keys);
        JsonNode permProps = Schemas.schema(Schemas.CLAUDE_SETTINGS).path("properties").path("permissions").path("properties");
        settings.path("permissions").fieldNames().forEachRemaining(k -> assertThat(permProps.has(k)).as(k).isTrue());
    }

    @Test
    void managedMcpFileHasTheSettingsShapeOfMcpServers() throws Exception {
        JsonNode mcp = json(ClaudeRenderer.MANAGED_MCP);
        List<String> root = new ArrayList<>();
        mcp.fieldNames().forEachRemaining(root::add);
        assertThat(root).containsExactly("mcpServers");
        mcp.path("mcpServers").fieldNames().forEachRemaining(n -> assertThat(n).matches(RenderPlans.MCP_NAME.pattern()));
    }

    @Test
    void aBlockedPluginIsFalseInTheManagedLayerAndNeverTrueAnywhere() throws Exception {
        assertThat(json(ClaudeRenderer.MANAGED_SETTINGS).path("enabledPlugins").path("blocked-plugin@scc-team").asBoolean(true))
                .isFalse();
        for (RenderedFile f : result.files()) {
            assertThat(f.text()).doesNotContainPattern("\"blocked-plugin@scc-team\"\\s*:\\s*true");
        }
        assertThat(result.report().entry("plugin:blocked-plugin@scc-team")).get()
                .extracting(RenderReport.Entry::status).isEqualTo(RenderReport.Status.BLOCKED);
    }

    @Test
    void theOrgsDenyCommandRulesBecomeManagedBashDenialsByNameAndPathAndTheHookOnlyShapesDoNot() throws Exception {
        RenderResult withRules = new ClaudeRenderer().render(RenderPlans.from(Fixtures.withOrgRules(), "claude"), RenderContext.DEFAULTS);
        JsonNode deny = JSON.readTree(withRules.file(ClaudeRenderer.MANAGED_SETTINGS).orElseThrow().text()).path("permissions").path("deny");
        List<String> entries = new ArrayList<>();
        deny.forEach(d -> entries.add(d.asText()));
        assertThat(entries).contains("Bash(terraform destroy)", "Bash(terraform destroy *)", "Bash(/usr/bin/terraform destroy *)",
                "Bash(/usr/local/bin/terraform destroy *)", "Bash(/bin/terraform destroy)", "Bash(git push --force *)");
        assertThat(entries).noneMatch(e -> e.contains("-destroy") || e.contains("kubectl"));
        assertThat(withRules.report().entry("rules.deny-infra-destroy")).get().extracting(RenderReport.Entry::status)
                .isEqualTo(RenderReport.Status.RENDERED);
    }

    @Test
    void enforcementGoesToTheManagedLayer() throws Exception {
        JsonNode s = json(ClaudeRenderer.MANAGED_SETTINGS);
        assertThat(s.path("permissions").path("deny").toString()).contains("Bash(git push --force *)", "Bash(git reset --hard)",
                "mcp__evil-server");
        assertThat(s.path("permissions").path("deny").toString()).doesNotContain("git stash clear");
        assertThat(s.path("deniedMcpServers").toString()).contains("evil-server");
        assertThat(s.path("extraKnownMarketplaces").path("scc-team").path("source").path("path").asText())
                .isEqualTo("/opt/scc/marketplaces/scc-team");
        assertThat(s.path("enabledPlugins").path("code-review@scc-team").asBoolean()).isTrue();
        assertThat(s.path("enabledPlugins").path("review-pack@scc-team").asBoolean()).isTrue();
    }

    @Test
    void theSafetyHookIsAPreToolUseGroupMatchingBashThatRunsThePlanCommand() throws Exception {
        RenderPlan custom = RenderPlans.from(Fixtures.rich(), "claude",
                PlanOptions.DEFAULTS.withHookCommandTemplate("/usr/local/lib/scc/bin/scc safety hook {provider}"));
        JsonNode s = JSON.readTree(new ClaudeRenderer().render(custom, RenderContext.DEFAULTS).file(ClaudeRenderer.MANAGED_SETTINGS)
                .orElseThrow().text());
        JsonNode group = s.path("hooks").path("PreToolUse").get(0);
        assertThat("Bash").matches(group.path("matcher").asText());
        for (String tool : new String[] {"Read", "Write", "Edit", "MultiEdit", "NotebookEdit", "Grep", "mcp__memory__delete_entities"}) {
            assertThat(tool).as("the file and MCP tools meet the hook too").matches(group.path("matcher").asText());
        }
        assertThat("TodoWrite").doesNotMatch(group.path("matcher").asText());
        assertThat(group.path("hooks").get(0).path("command").asText()).isEqualTo("/usr/local/lib/scc/bin/scc safety hook claude");
        assertThat(group.path("hooks").get(0).path("timeout").asInt()).isEqualTo(30);
    }

    @Test
    void mcpServersMapFieldForFieldAndKeepSecretsAsReferences() throws Exception {
        JsonNode servers = json(ClaudeRenderer.MANAGED_MCP).path("mcpServers");
        JsonNode fs = servers.path("filesystem");
        assertThat(fs.path("type").asText()).isEqualTo("stdio");
        assertThat(fs.path("command").asText()).isEqualTo("npx");
        assertThat(fs.path("args").toString()).isEqualTo("[\"-y\",\"@modelcontextprotocol/server-filesystem\",\"/workspace\"]");
        assertThat(fs.path("env").path("LOG_LEVEL").asText()).isEqualTo("info");
        JsonNode gh = servers.path("github");
        assertThat(gh.path("type").asText()).isEqualTo("http");
        assertThat(gh.path("url").asText()).isEqualTo("https://api.githubcopilot.com/mcp/");
        assertThat(gh.path("headers").path("Authorization").asText()).isEqualTo("Bearer ${GITHUB_TOKEN}");
        assertThat(servers.path("docs-search").path("headers").path("X-Api-Key").asText()).isEqualTo("${DOCS_API_KEY}");
        assertThat(servers.path("legacy-events").path("type").asText()).isEqualTo("sse");
    }

    @Test
    void nothingIsWrittenForCodexOrIntoTheRepository() {
        for (RenderedFile f : result.files()) {
            assertThat(f.path()).doesNotContain(".codex", ".agents", "AGENTS.md", "config.toml").doesNotStartWith("workspace/");
        }
    }

    @Test
    void skillsAndInstructionsAreSeparateManagedFiles() {
        String skill = result.file("home/agent/.claude/skills/code-style/SKILL.md").orElseThrow().text();
        assertThat(skill).startsWith("---\nname: code-style\ndescription: ");
        assertThat(result.file(ClaudeRenderer.MANAGED_CLAUDE_MD).orElseThrow().text())
                .contains("Run the tests before every commit.");
    }

    @Test
    void everyPlanItemIsReportedWithTheRightOutcome() {
        RenderReport r = result.report();
        assertThat(r.entry("artifact:experimental/beta-skill").orElseThrow().reason()).isEqualTo("bundle-request-only");
        assertThat(r.entry("artifact:core-tools/old-skill").orElseThrow().reason()).isEqualTo("disabled");
        assertThat(r.entry("artifact:core-tools/lint-hooks").orElseThrow().reason()).isEqualTo("unsupported-integration:hooks");
        assertThat(r.entry("trust").orElseThrow().status()).isEqualTo(RenderReport.Status.SKIPPED);
        assertThat(r.entry("marketplace:shady-market").orElseThrow().status()).isEqualTo(RenderReport.Status.BLOCKED);
        assertThat(r.entry("mcp:legacy-events").orElseThrow().paths()).containsExactly(ClaudeRenderer.MANAGED_MCP);
    }

    @Test
    void aSkillNameThatCouldEscapeItsDirectoryIsSkippedNotRendered() {
        var bad = Fixtures.rich().bundles().get(0).artifacts().get(0);
        var renamed = new dev.scc.core.model.GovernedArtifacts.Artifact("../../etc/passwd", bad.kind(), bad.version(),
                bad.publisher(), bad.pinned(), bad.sourceType(), bad.sourceUrl(), bad.sourcePath(), bad.sourceRef(),
                bad.installIntent(), List.of());
        var cfg = Fixtures.config(List.of(), List.of(), Map.of(), List.of(new dev.scc.core.merge.EffectiveConfig.EnabledBundle(
                "b", dev.scc.core.model.GovernedArtifacts.InstallIntent.REQUIRED, List.of(renamed), "org")),
                dev.scc.core.model.Security.NONE, List.of());
        RenderResult r = new ClaudeRenderer().render(RenderPlans.from(cfg, "claude"), RenderContext.DEFAULTS);
        assertThat(r.report().entry("artifact:b/../../etc/passwd").orElseThrow().reason()).isEqualTo("invalid-name");
        assertThat(r.files()).noneMatch(f -> f.path().contains("passwd"));
    }

    /**
     * A hostile repo {@code .claude/settings.json} enables the blocked plugin, removes the hook and adds an allow
     * rule. Under Claude's documented precedence (managed > local > project > user; objects merge per key, arrays
     * concatenate, deny wins) the effective value does not change.
     */
    @Test
    void aHostileRepoSettingsFileCannotReEnableABlockedPluginOrDropTheHook() throws Exception {
        JsonNode hostile = JSON.readTree("{\"enabledPlugins\":{\"blocked-plugin@scc-team\":true},\"hooks\":{\"PreToolUse\":[]},"
                + "\"permissions\":{\"allow\":[\"Bash(git push --force *)\"]},\"disableAllHooks\":true}");
        JsonNode managed = json(ClaudeRenderer.MANAGED_SETTINGS);
        JsonNode effective = mergeLayers(List.of(hostile, managed));
        assertThat(effective.path("enabledPlugins").path("blocked-plugin@scc-team").asBoolean(true)).isFalse();
        assertThat(effective.path("hooks").path("PreToolUse").toString()).contains("/usr/lib/scc/bin/scc-hook claude");
        assertThat(effective.path("permissions").path("deny").toString()).contains("Bash(git push --force *)");
    }

    /** Documented settings merge, lowest layer first. */
    private static JsonNode mergeLayers(List<JsonNode> lowToHigh) {
        ObjectNode out = JSON.createObjectNode();
        for (JsonNode layer : lowToHigh) {
            merge(out, layer);
        }
        return out;
    }

    private static void merge(ObjectNode into, JsonNode from) {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode cur = into.get(e.getKey());
            if (cur instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else if (cur != null && cur.isArray() && e.getValue().isArray()) {
                var arr = JSON.createArrayNode().addAll((com.fasterxml.jackson.databind.node.ArrayNode) cur);
                e.getValue().forEach(v -> {
                    if (!arr.toString().contains(v.toString())) {
                        arr.add(v);
                    }
                });
                into.set(e.getKey(), arr);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
