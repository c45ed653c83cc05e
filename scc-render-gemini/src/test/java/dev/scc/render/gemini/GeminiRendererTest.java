package dev.scc.render.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.plan.PlanOptions;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.testkit.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** What the Gemini renderer writes for each kind of plan item. */
class GeminiRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RenderPlan plan = RenderPlans.from(GeminiFixtures.rich(), "gemini");
    private final RenderResult result = new GeminiRenderer().render(plan, RenderContext.DEFAULTS);

    private JsonNode settings() throws Exception {
        return JSON.readTree(result.file(GeminiRenderer.SETTINGS).orElseThrow().text());
    }

    @Test
    void theSystemSettingsSignInByApiKeyAndTurnOffTelemetryAndUpdates() throws Exception {
        JsonNode s = settings();
        assertThat(s.at("/security/auth/selectedType").asText()).isEqualTo("gemini-api-key");
        assertThat(s.at("/privacy/usageStatisticsEnabled").asBoolean(true)).isFalse();
        assertThat(s.at("/telemetry/enabled").asBoolean(true)).isFalse();
        assertThat(s.at("/general/enableAutoUpdate").asBoolean(true)).isFalse();
    }

    @Test
    void theWorkspaceIsTrustedByTurningFolderTrustOffInTheSystemLayer() throws Exception {
        assertThat(settings().at("/security/folderTrust/enabled").isBoolean()).isTrue();
        assertThat(settings().at("/security/folderTrust/enabled").asBoolean()).isFalse();
        assertThat(result.report().entry("trust").orElseThrow().paths()).containsExactly(GeminiRenderer.SETTINGS);
    }

    @Test
    void theSafetyHookIsANamedBeforeToolHookOnTheShellFileAndMcpToolsWithItsTimeoutInMilliseconds() throws Exception {
        JsonNode s = settings();
        assertThat(s.at("/hooksConfig/enabled").asBoolean()).isTrue();
        JsonNode groups = s.at("/hooks/BeforeTool");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("matcher").asText()).isEqualTo("run_shell_command|read_file|write_file|replace|grep_search|read_many_files|mcp_.*");
        JsonNode h = groups.get(0).path("hooks").get(0);
        assertThat(h.path("name").asText()).isEqualTo("scc-safety");
        assertThat(h.path("type").asText()).isEqualTo("command");
        assertThat(h.path("command").asText()).isEqualTo("/usr/lib/scc/bin/scc-hook gemini");
        assertThat(h.path("timeout").asLong()).isEqualTo(PlanOptions.DEFAULTS.hookTimeoutSeconds() * 1000L);
    }

    @Test
    void everyTransportIsWrittenWithItsTypeAndTheServersAreTheOnlyOnesAllowed() throws Exception {
        JsonNode s = settings();
        assertThat(s.at("/mcpServers/filesystem/type").asText()).isEqualTo("stdio");
        assertThat(s.at("/mcpServers/filesystem/command").asText()).isEqualTo("npx");
        assertThat(s.at("/mcpServers/filesystem/args/1").asText()).isEqualTo("@modelcontextprotocol/server-filesystem");
        assertThat(s.at("/mcpServers/filesystem/env/LOG_LEVEL").asText()).isEqualTo("info");
        assertThat(s.at("/mcpServers/github/type").asText()).isEqualTo("http");
        assertThat(s.at("/mcpServers/github/url").asText()).isEqualTo("https://api.githubcopilot.com/mcp/");
        // Gemini expands ${VAR} in settings itself: the reference is kept, never a resolved secret.
        assertThat(s.at("/mcpServers/github/headers/Authorization").asText()).isEqualTo("Bearer ${GITHUB_TOKEN}");
        assertThat(s.at("/mcpServers/legacy-events/type").asText()).isEqualTo("sse");
        List<String> allowed = new ArrayList<>();
        s.at("/mcp/allowed").forEach(n -> allowed.add(n.asText()));
        List<String> servers = new ArrayList<>();
        s.path("mcpServers").fieldNames().forEachRemaining(servers::add);
        assertThat(allowed).containsExactlyElementsOf(servers).contains("filesystem", "github", "legacy-events");
    }

    @Test
    void aBlockedServerIsExcludedAndNeverConfigured() throws Exception {
        JsonNode s = settings();
        assertThat(s.at("/mcp/excluded").toString()).isEqualTo("[\"evil-server\"]");
        assertThat(s.path("mcpServers").has("evil-server")).isFalse();
        assertThat(result.report().entry("mcp:evil-server").orElseThrow())
                .extracting(RenderReport.Entry::status, RenderReport.Entry::paths)
                .containsExactly(RenderReport.Status.BLOCKED, List.of(GeminiRenderer.SETTINGS));
    }

    @Test
    void denyRulesBecomeAdminTierPolicyRulesOnTheShellToolWithEveryExpansion() {
        TomlParseResult toml = Toml.parse(result.file(GeminiRenderer.POLICY).orElseThrow().text());
        assertThat(toml.errors()).isEmpty();
        TomlArray rules = toml.getArray("rule");
        assertThat(rules.size()).isEqualTo(plan.denyRules().size()).isPositive();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            TomlTable r = rules.getTable(i);
            assertThat(r.getString("toolName")).isEqualTo("run_shell_command");
            assertThat(r.getString("decision")).isEqualTo("deny");
            assertThat(r.getLong("priority")).isBetween(0L, 999L);
            assertThat(r.getString("denyMessage")).startsWith("SCC safety: ");
            r.getArray("commandPrefix").toList().forEach(p -> prefixes.add((String) p));
        }
        assertThat(prefixes).contains("git push --force", "git push -f", "git reset --hard");
        int expansions = plan.denyRules().stream().mapToInt(d -> d.expansions().size()).sum();
        assertThat(prefixes).hasSize(expansions);
    }

    @Test
    void theOrgsDenyCommandRulesAreAdminDenyPrefixesWithTheProgramByNameAndPath() {
        RenderResult withRules = new GeminiRenderer().render(RenderPlans.from(Fixtures.withOrgRules(), "gemini"), RenderContext.DEFAULTS);
        TomlParseResult toml = Toml.parse(withRules.file(GeminiRenderer.POLICY).orElseThrow().text());
        assertThat(toml.errors()).isEmpty();
        List<String> prefixes = new ArrayList<>();
        TomlArray rules = toml.getArray("rule");
        for (int i = 0; i < rules.size(); i++) {
            rules.getTable(i).getArray("commandPrefix").toList().forEach(p -> prefixes.add((String) p));
        }
        assertThat(prefixes).contains("terraform destroy", "/usr/bin/terraform destroy", "/usr/local/bin/terraform destroy",
                "/bin/terraform destroy", "git reset --hard");
        assertThat(prefixes).noneMatch(p -> p.contains("-destroy") || p.contains("kubectl"));
    }

    @Test
    void aControlCharacterInAJustificationStaysInsideItsTomlString() {
        var rule = new RenderPlan.DenyRule("deny:x", "x", List.of(List.of("git"), List.of("nuke")),
                "quote \" backslash \\ newline \n bell \u0007", List.of(), List.of());
        RenderPlan p = new RenderPlan("gemini", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                java.util.Optional.empty(), List.of(rule), List.of(), java.util.Optional.empty(), List.of());
        TomlParseResult toml = Toml.parse(new GeminiRenderer().render(p, RenderContext.DEFAULTS)
                .file(GeminiRenderer.POLICY).orElseThrow().text());
        assertThat(toml.errors()).isEmpty();
        assertThat(toml.getArray("rule").getTable(0).getString("denyMessage"))
                .isEqualTo("SCC safety: quote \" backslash \\ newline \n bell \u0007");
    }

    @Test
    void skillsGoToTheAgentsGeminiSkillsAndInstructionsToAManagedBlockOfItsGeminiMd() {
        RenderedFile skill = result.file("home/agent/.gemini/skills/gemini-style/SKILL.md").orElseThrow();
        assertThat(skill.text()).startsWith("---\nname: gemini-style\n");
        RenderedFile md = result.file("home/agent/.gemini/GEMINI.md").orElseThrow();
        assertThat(md.ownership()).isEqualTo(RenderedFile.Ownership.MANAGED_BLOCK);
        assertThat(md.text()).contains("## gemini-notes (bundle gemini-tools)", "Run the tests before every commit.");
    }

    @Test
    void pluginsAndMarketplacesAreReportedNotApplicableOrBlockedByTheMerge() {
        assertThat(result.report().entry("plugin:code-review@scc-team").orElseThrow())
                .extracting(RenderReport.Entry::status, RenderReport.Entry::reason)
                .containsExactly(RenderReport.Status.SKIPPED, "not-applicable: Gemini CLI has no plugins");
        RenderReport.Entry blocked = result.report().entry("plugin:blocked-plugin@scc-team").orElseThrow();
        assertThat(blocked.status()).isEqualTo(RenderReport.Status.BLOCKED);
        assertThat(blocked.reason()).contains("enforced by the merge");
        assertThat(result.files()).noneMatch(f -> f.text().contains("code-review"));
    }

    @Test
    void integrationsBoundOnlyToOtherProvidersAreSkippedAndASourcedSkillStillArrives() {
        RenderResult shared = new GeminiRenderer().render(RenderPlans.from(Fixtures.rich(), "gemini"), RenderContext.DEFAULTS);
        List<RenderReport.Entry> noBinding = shared.report().entries().stream()
                .filter(e -> e.reason().equals("no-binding-for-provider:gemini")).toList();
        assertThat(noBinding).extracting(RenderReport.Entry::key).anyMatch(k -> k.contains("team-notes"))
                .anyMatch(k -> k.contains("lint-hooks"));
        assertThat(shared.files()).noneMatch(f -> f.text().contains("Run the tests before every commit."));
        assertThat(shared.file("home/agent/.gemini/skills/code-style/SKILL.md")).isPresent();
    }

    @Test
    void aPlanWithTheSafetyNetOffAndNothingElseWritesNoSettings() {
        RenderResult empty = new GeminiRenderer().render(RenderPlan.empty("gemini"), RenderContext.DEFAULTS);
        assertThat(empty.files()).isEmpty();
        assertThat(empty.report().entries()).isEmpty();
    }

    @Test
    void theRendererIsFoundByItsIdBesideTheBuiltInOnes() {
        assertThat(dev.scc.core.spi.RendererRegistry.load().get("gemini")).isInstanceOf(GeminiRenderer.class);
    }
}
