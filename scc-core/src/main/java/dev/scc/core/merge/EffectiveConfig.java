package dev.scc.core.merge;

import dev.scc.safety.rules.RuleSet;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.SandboxSettings;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of the one merge: what a session effectively gets, and every reason. All lists are immutable and
 * in a deterministic order (plugins, destination sets and hosts sorted; reports in gate order).
 *
 * @param plugins canonical {@code name@marketplace} refs, sorted, each with the layer that added it
 * @param networkPolicy empty when no layer set one (launches as {@link NetworkPosture#OPEN})
 * @param destinations egress hosts: the enabled sets' hosts plus the provider's core hosts, sorted
 * @param allowedProviders the providers this team may launch
 * @param providerRefusal present when the selected provider is not allowed, with the reason
 * @param bundles enabled governed-artifact bundles whose artifacts passed the security rules
 * @param rules the effective action rules: built-in packs as switched, org rules, and the delegated team and project
 *     rules that only make decisions stricter
 * @param workspaceProtection every protected path, sorted, with its mode and the layer it comes from: SCC's default
 *     set and the installed agents' settings, the org's choices over them, and the delegated team and project
 *     layers' stricter choices
 */
public record EffectiveConfig(
        OrgConfig.Organization organization,
        String team,
        Optional<dev.scc.core.spi.AgentProvider> provider,
        List<SourcedPlugin> plugins,
        List<SourcedMcpServer> mcpServers,
        Map<String, MarketplaceSource> marketplaces,
        List<String> extraMarketplaces,
        Optional<NetworkPosture> networkPolicy,
        List<String> destinationSets,
        List<String> destinations,
        SessionSettings session,
        DevEnvironment devEnvironment,
        List<String> allowedProviders,
        Optional<String> providerRefusal,
        List<EnabledBundle> bundles,
        Security security,
        SandboxSettings sandbox,
        List<MergeDecision> decisions,
        List<BlockedItem> blockedItems,
        List<DeniedAddition> deniedAdditions,
        List<IgnoredPolicyChange> ignoredPolicyChanges,
        List<AppliedException> appliedExceptions,
        List<String> warnings,
        RuleSet rules,
        List<ProtectedPath> workspaceProtection) {

    /** An effective config with only the built-in rule packs (no org, team or project rules). */
    public EffectiveConfig(OrgConfig.Organization organization, String team, Optional<dev.scc.core.spi.AgentProvider> provider,
            List<SourcedPlugin> plugins, List<SourcedMcpServer> mcpServers, Map<String, MarketplaceSource> marketplaces,
            List<String> extraMarketplaces, Optional<NetworkPosture> networkPolicy, List<String> destinationSets,
            List<String> destinations, SessionSettings session, DevEnvironment devEnvironment, List<String> allowedProviders,
            Optional<String> providerRefusal, List<EnabledBundle> bundles, Security security, SandboxSettings sandbox,
            List<MergeDecision> decisions, List<BlockedItem> blockedItems, List<DeniedAddition> deniedAdditions,
            List<IgnoredPolicyChange> ignoredPolicyChanges, List<AppliedException> appliedExceptions, List<String> warnings) {
        this(organization, team, provider, plugins, mcpServers, marketplaces, extraMarketplaces, networkPolicy, destinationSets,
                destinations, session, devEnvironment, allowedProviders, providerRefusal, bundles, security, sandbox, decisions,
                blockedItems, deniedAdditions, ignoredPolicyChanges, appliedExceptions, warnings, RuleSet.EMPTY);
    }

    /**
     * An effective config whose workspace protection is SCC's agent-independent default set with the org's
     * {@code security.workspace_protection} applied (what a config built by hand, without the merge, gets).
     */
    public EffectiveConfig(OrgConfig.Organization organization, String team, Optional<dev.scc.core.spi.AgentProvider> provider,
            List<SourcedPlugin> plugins, List<SourcedMcpServer> mcpServers, Map<String, MarketplaceSource> marketplaces,
            List<String> extraMarketplaces, Optional<NetworkPosture> networkPolicy, List<String> destinationSets,
            List<String> destinations, SessionSettings session, DevEnvironment devEnvironment, List<String> allowedProviders,
            Optional<String> providerRefusal, List<EnabledBundle> bundles, Security security, SandboxSettings sandbox,
            List<MergeDecision> decisions, List<BlockedItem> blockedItems, List<DeniedAddition> deniedAdditions,
            List<IgnoredPolicyChange> ignoredPolicyChanges, List<AppliedException> appliedExceptions, List<String> warnings,
            RuleSet rules) {
        this(organization, team, provider, plugins, mcpServers, marketplaces, extraMarketplaces, networkPolicy, destinationSets,
                destinations, session, devEnvironment, allowedProviders, providerRefusal, bundles, security, sandbox, decisions,
                blockedItems, deniedAdditions, ignoredPolicyChanges, appliedExceptions, warnings, rules,
                ProtectionMerge.orgOnly(security));
    }

    /** This config with {@code newRules} as its effective action rules (tests and tools that build a config by hand). */
    public EffectiveConfig withRules(RuleSet newRules) {
        return new EffectiveConfig(organization, team, provider, plugins, mcpServers, marketplaces, extraMarketplaces,
                networkPolicy, destinationSets, destinations, session, devEnvironment, allowedProviders, providerRefusal, bundles,
                security, sandbox, decisions, blockedItems, deniedAdditions, ignoredPolicyChanges, appliedExceptions, warnings,
                newRules, workspaceProtection);
    }

    public EffectiveConfig {
        java.util.Objects.requireNonNull(rules, "rules");
        plugins = List.copyOf(plugins);
        mcpServers = List.copyOf(mcpServers);
        marketplaces = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(marketplaces));
        extraMarketplaces = List.copyOf(extraMarketplaces);
        destinationSets = List.copyOf(destinationSets);
        destinations = List.copyOf(destinations);
        allowedProviders = List.copyOf(allowedProviders);
        bundles = List.copyOf(bundles);
        decisions = List.copyOf(decisions);
        blockedItems = List.copyOf(blockedItems);
        deniedAdditions = List.copyOf(deniedAdditions);
        ignoredPolicyChanges = List.copyOf(ignoredPolicyChanges);
        appliedExceptions = List.copyOf(appliedExceptions);
        warnings = List.copyOf(warnings);
        workspaceProtection = workspaceProtection.stream()
                .sorted(java.util.Comparator.comparing(ProtectedPath::path)).toList();
    }

    /** The effective workspace protection as the runtime takes it. */
    public dev.scc.core.runtime.WorkspaceProtection protection() {
        Map<String, dev.scc.core.runtime.WorkspaceProtection.Mode> m = new java.util.TreeMap<>();
        workspaceProtection.forEach(p -> m.put(p.path(), p.mode()));
        return new dev.scc.core.runtime.WorkspaceProtection(m);
    }

    /** The posture a launch uses: the merged one, or {@code open} when none was set. */
    public NetworkPosture posture() {
        return networkPolicy.orElse(NetworkPosture.OPEN);
    }

    /** The canonical refs of the effective plugins, sorted. */
    public List<String> pluginRefs() {
        return plugins.stream().map(SourcedPlugin::ref).toList();
    }

    /** An effective plugin and the layer that added it. */
    public record SourcedPlugin(String ref, String source) {}

    /** An effective MCP server and the layer that added it. */
    public record SourcedMcpServer(McpServer server, String source) {}

    /** A bundle enabled for the team, with the artifacts that survived the security rules. */
    public record EnabledBundle(
            String name, GovernedArtifacts.InstallIntent installIntent, List<GovernedArtifacts.Artifact> artifacts,
            String source) {
        public EnabledBundle {
            artifacts = List.copyOf(artifacts);
        }
    }
}
