package dev.scc.testkit;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.GovernedArtifacts.Artifact;
import dev.scc.core.model.GovernedArtifacts.Binding;
import dev.scc.core.model.GovernedArtifacts.InstallIntent;
import dev.scc.core.model.GovernedArtifacts.Kind;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.SandboxSettings;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleCodec;
import dev.scc.safety.rules.RuleSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merge results to render in tests, built from the core model records (no policy parsing). {@link #rich()} uses
 * every plan feature: enabled and blocked plugins, marketplaces, stdio/http/SSE and blocked MCP servers, bundles
 * with every install intent, skills, instructions, native integrations for one provider only, and a safety net.
 * The allowed providers are those installed on the test's class path. The native bindings of {@link #rich()} are
 * sample data for SCC's own two renderers; another provider's plans carry its common parts only.
 */
public final class Fixtures {
    private Fixtures() {}

    /** An effective config with just these parts; everything else empty. */
    public static EffectiveConfig config(
            List<EffectiveConfig.SourcedPlugin> plugins,
            List<EffectiveConfig.SourcedMcpServer> mcp,
            Map<String, MarketplaceSource> marketplaces,
            List<EffectiveConfig.EnabledBundle> bundles,
            Security security,
            List<BlockedItem> blocked) {
        return new EffectiveConfig(new OrgConfig.Organization("Acme", "acme", Optional.empty()), "backend",
                Optional.empty(), plugins, mcp, marketplaces, List.of(), Optional.empty(), List.of(), List.of(),
                SessionSettings.NONE, DevEnvironment.NONE, AgentProviderRegistry.load().ids(), Optional.empty(), bundles,
                security, SandboxSettings.NONE, List.of(), blocked, List.of(), List.of(), List.of(), List.of());
    }

    /** Nothing at all: no plugins, servers, bundles; the safety net switched off. */
    public static EffectiveConfig empty() {
        return config(List.of(), List.of(), Map.of(), List.of(), safety(Map.of("action", "allow")), List.of());
    }

    /** A security section with only a safety net. */
    public static Security safety(Map<String, Object> safetyNet) {
        return new Security(List.of(), List.of(), List.of(), true, List.of(), Optional.of(safetyNet));
    }

    /** A small config: one plugin, one stdio server, default safety net. */
    public static EffectiveConfig minimal() {
        return config(List.of(new EffectiveConfig.SourcedPlugin("code-review@scc-team", "org.defaults")),
                List.of(new EffectiveConfig.SourcedMcpServer(
                        McpServer.local("filesystem", "npx", List.of("-y", "@modelcontextprotocol/server-filesystem", "/workspace")),
                        "org.defaults")),
                Map.of("scc-team", new MarketplaceSource.Directory("/opt/scc/marketplaces/scc-team")), List.of(),
                new Security(List.of(), List.of(), List.of(), true, List.of(), Optional.empty()), List.of());
    }

    /**
     * {@link #rich()} with the org's own action rules: a deny whose first pattern a native prefix expresses
     * ({@code terraform destroy}) and whose second it cannot ({@code terraform apply -destroy}), and an approval rule.
     */
    public static EffectiveConfig withOrgRules() {
        return rich().withRules(RuleSet.of(RuleCodec.read(List.of(
                Map.of("id", "deny-infra-destroy", "decision", "deny", "reason", "pipeline only",
                        "match", Map.of("command", List.of("terraform destroy", "terraform apply -destroy"))),
                Map.of("id", "approve-kubectl", "decision", "require_approval", "match", Map.of("command", List.of("kubectl delete")))),
                "org.yaml", "rules", new Origin(Origin.Layer.ORG, "", "org.yaml"))));
    }

    /** Every plan feature at once. */
    public static EffectiveConfig rich() {
        Map<String, MarketplaceSource> mkts = new LinkedHashMap<>();
        mkts.put("scc-team", new MarketplaceSource.Directory("/opt/scc/marketplaces/scc-team"));
        mkts.put("acme-upstream", new MarketplaceSource.Github("acme", "agent-plugins", "main", "", Map.of()));
        List<EffectiveConfig.SourcedMcpServer> mcp = List.of(
                new EffectiveConfig.SourcedMcpServer(new McpServer("github", "http",
                        Optional.of("https://api.githubcopilot.com/mcp/"), Optional.empty(), List.of(), Map.of(),
                        Map.of("Authorization", "Bearer ${GITHUB_TOKEN}", "X-Team", "backend")), "org.defaults"),
                new EffectiveConfig.SourcedMcpServer(new McpServer("filesystem", "stdio", Optional.empty(),
                        Optional.of("npx"), List.of("-y", "@modelcontextprotocol/server-filesystem", "/workspace"),
                        Map.of("LOG_LEVEL", "info"), Map.of()), "team.backend"),
                new EffectiveConfig.SourcedMcpServer(McpServer.remote("legacy-events", "sse",
                        "https://events.internal.example/sse"), "team.backend"));
        Artifact skill = new Artifact("code-style", Kind.SKILL, Optional.of("1.2.0"), Optional.of("acme"), true,
                Optional.of("git"), Optional.of("https://git.example/acme/skills.git"), Optional.of("skills/code-style"),
                Optional.of("v1.2.0"), InstallIntent.REQUIRED,
                List.of(binding("claude", "code-style"), binding("codex", "code-style")));
        Artifact notes = new Artifact("team-notes", Kind.NATIVE_INTEGRATION, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.AVAILABLE,
                List.of(new Binding("claude", Optional.empty(), Map.of("instructions", "Run the tests before every commit."),
                                Optional.empty()),
                        new Binding("codex", Optional.empty(), Map.of("instructions", "Run the tests before every commit."),
                                Optional.empty())));
        Artifact claudeHooks = new Artifact("lint-hooks", Kind.NATIVE_INTEGRATION, Optional.empty(), Optional.empty(),
                false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.AVAILABLE,
                List.of(new Binding("claude", Optional.empty(), Map.of("hooks", "./hooks/lint.json"), Optional.empty())));
        Artifact docs = new Artifact("docs-search", Kind.MCP_SERVER, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.AVAILABLE,
                List.of(new Binding("claude", Optional.of("docs-search"), Map.of("url", "https://docs.internal.example/mcp",
                                "header_X-Api-Key", "${DOCS_API_KEY}"), Optional.of("http")),
                        new Binding("codex", Optional.of("docs-search"), Map.of("url", "https://docs.internal.example/mcp",
                                "header_X-Api-Key", "${DOCS_API_KEY}"), Optional.of("http"))));
        Artifact pack = new Artifact("review-pack", Kind.NATIVE_INTEGRATION, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.AVAILABLE,
                List.of(new Binding("claude", Optional.empty(), Map.of("plugin_bundle", "review-pack@scc-team"), Optional.empty()),
                        new Binding("codex", Optional.empty(), Map.of("plugin_bundle", "review-pack", "version", "1.0.0"),
                                Optional.empty())));
        Artifact disabledSkill = new Artifact("old-skill", Kind.SKILL, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.DISABLED, List.of());
        Artifact beta = new Artifact("beta-skill", Kind.SKILL, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.AVAILABLE, List.of());
        List<EffectiveConfig.EnabledBundle> bundles = List.of(
                new EffectiveConfig.EnabledBundle("core-tools", InstallIntent.REQUIRED,
                        List.of(skill, notes, claudeHooks, docs, pack, disabledSkill), "org.defaults"),
                new EffectiveConfig.EnabledBundle("experimental", InstallIntent.REQUEST_ONLY, List.of(beta), "team.backend"));
        List<BlockedItem> blocked = List.of(
                new BlockedItem("blocked-plugin@scc-team", "blocked-*", "org.security", TargetType.PLUGIN),
                new BlockedItem("evil-server", "evil-*", "org.security", TargetType.MCP_SERVER),
                new BlockedItem("shady-market", "shady-*", "org.security", TargetType.MARKETPLACE));
        Map<String, Object> safetyNet = new LinkedHashMap<>();
        safetyNet.put("action", "block");
        safetyNet.put("block_stash_clear", false);
        return config(List.of(new EffectiveConfig.SourcedPlugin("code-review@scc-team", "org.defaults"),
                        new EffectiveConfig.SourcedPlugin("formatter@acme-upstream", "team.backend")),
                mcp, mkts, bundles, new Security(List.of("blocked-*"), List.of("evil-*"), List.of(), true, List.of(),
                        Optional.of(safetyNet)), blocked);
    }

    private static Binding binding(String provider, String ref) {
        return new Binding(provider, Optional.of(ref), Map.of(), Optional.empty());
    }

    /** The plans the conformance kit renders for a provider id: rich, minimal, empty. */
    public static List<RenderPlan> plansFor(String provider) {
        return List.of(RenderPlans.from(rich(), provider), RenderPlans.from(minimal(), provider),
                RenderPlans.from(empty(), provider));
    }

    /** The installed provider with this id (found on the test's class path), if any. */
    public static Optional<AgentProvider> provider(String id) {
        return AgentProviderRegistry.load().find(id);
    }
}
