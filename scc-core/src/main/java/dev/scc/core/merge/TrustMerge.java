package dev.scc.core.merge;

import dev.scc.safety.rules.ActionRule;
import dev.scc.safety.rules.BuiltinPack;
import dev.scc.safety.rules.RuleLayers;
import dev.scc.safety.rules.RuleSet;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.model.DestinationSet;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.DevEnvironment.DevAction;
import dev.scc.core.model.DevEnvironment.Section;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.SessionSettings;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.TrustGrant;
import dev.scc.core.spi.AgentProviderRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The single trust-hierarchy merge. Layers in order org defaults, team (inline profile and, when federated, the
 * team's own config), project, user. Every candidate passes the same gates and the first failure decides:
 * security block, delegation, allowlist, network, stdio. An active exception may clear a delegation or
 * allowlist denial (never a block); the item then continues through the remaining gates.
 *
 * <p>Deliberate differences from the reference, each covered by a test: one engine for explain and launch;
 * network gate uses the <em>final</em> posture; projects stay within their team's kinds of additions; MCP
 * servers are unique by name; exceptions are applied; stdio prefixes are checked lexically (the command runs in
 * the container, host symlinks say nothing about it); project session changes refused by delegation are
 * reported, not dropped.
 */
public final class TrustMerge {
    private final java.util.function.Supplier<List<String>> installedProviders;
    private final java.util.function.Supplier<List<dev.scc.core.spi.AgentProvider>> protectedProviders;

    /** A merge over the providers installed in this process ({@link AgentProviderRegistry}), found on first need. */
    public TrustMerge() {
        java.util.function.Supplier<AgentProviderRegistry> registry = new java.util.function.Supplier<>() {
            private AgentProviderRegistry loaded;

            @Override
            public synchronized AgentProviderRegistry get() {
                if (loaded == null) {
                    loaded = AgentProviderRegistry.load();
                }
                return loaded;
            }
        };
        this.installedProviders = () -> registry.get().ids();
        this.protectedProviders = () -> registry.get().all();
    }

    /**
     * A merge over exactly these provider ids (what an org that names no {@code allowed_providers} allows); its
     * workspace protection starts from SCC's agent-independent default set (no agent's workspace settings).
     */
    public TrustMerge(List<String> installedProviders) {
        List<String> ids = List.copyOf(installedProviders);
        this.installedProviders = () -> ids;
        this.protectedProviders = List::of;
    }

    /**
     * A merge over the providers of {@code registry}: their ids are what an org that names no
     * {@code allowed_providers} allows, and their workspace settings are protected by default.
     */
    public TrustMerge(AgentProviderRegistry registry) {
        List<String> ids = registry.ids();
        List<dev.scc.core.spi.AgentProvider> all = registry.all();
        this.installedProviders = () -> ids;
        this.protectedProviders = () -> all;
    }

    /**
     * Merges the layers of {@code input}. Throws {@link MergeException} only for an unknown or unfed team, and
     * {@link IllegalArgumentException} for an org model (an embedder's) whose {@code security.workspace_protection}
     * holds a path or mode no org document could (fail closed rather than launch with less protection).
     */
    public EffectiveConfig merge(MergeInput input) {
        return new Run(input, installedProviders.get(), protectedProviders.get()).execute();
    }

    private static final class Run {
        private final MergeInput in;
        private final List<String> installed;
        private final OrgConfig org;
        private final TeamProfile team;
        private final String teamSource;
        private final Optional<TeamConfig> teamConfig;
        private final TrustGrant trust;
        private final List<String> orgMarketplaceNames;
        private final List<PolicyException> activeExceptions;

        private final Map<String, String> plugins = new LinkedHashMap<>();
        private final Map<String, EffectiveConfig.SourcedMcpServer> mcp = new LinkedHashMap<>();
        private final Map<String, MarketplaceSource> marketplaces = new LinkedHashMap<>();
        private final EnumMap<Section, Map<String, DevAction>> dev = new EnumMap<>(Section.class);
        private final List<MergeDecision> decisions = new ArrayList<>();
        private final List<BlockedItem> blocked = new ArrayList<>();
        private final List<DeniedAddition> denied = new ArrayList<>();
        private final List<IgnoredPolicyChange> ignored = new ArrayList<>();
        private final List<AppliedException> applied = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private Optional<NetworkPosture> posture = Optional.empty();
        private String postureSource = "org.defaults";
        private Optional<Integer> timeoutHours = Optional.empty();
        private Optional<Boolean> autoResume = Optional.empty();

        private final List<dev.scc.core.spi.AgentProvider> protectedProviders;

        Run(MergeInput in, List<String> installed, List<dev.scc.core.spi.AgentProvider> protectedProviders) {
            this.in = in;
            this.installed = installed;
            this.protectedProviders = protectedProviders;
            this.org = in.org();
            if (in.team().isBlank()) {
                this.team = TeamProfile.empty("");
            } else {
                this.team = org.profile(in.team()).orElseThrow(() -> new MergeException(
                        "Team '" + in.team() + "' not found in organization config. Available teams: "
                                + String.join(", ", org.profiles().keySet()),
                        List.copyOf(org.profiles().keySet())));
            }
            this.teamSource = "team." + team.name();
            if (team.federated() && in.teamConfig().isEmpty()) {
                throw new MergeException("Team '" + team.name() + "' is federated (config_source "
                        + team.configSource().get().describe() + ") but its team config was not loaded",
                        List.of());
            }
            this.teamConfig = team.federated() ? in.teamConfig() : Optional.empty();
            this.trust = team.trust().orElse(TrustGrant.DEFAULT);
            this.orgMarketplaceNames = List.copyOf(org.marketplaces().keySet());
            for (Section s : Section.values()) {
                dev.put(s, new LinkedHashMap<>());
            }
            this.activeExceptions = activeExceptions();
        }

        EffectiveConfig execute() {
            mergeNetwork();
            mergeMarketplaces();
            mergeDefaultPlugins();
            mergeTeamPlugins();
            mergeProjectPlugins();
            mergeMcpServers();
            mergeDevEnvironment();
            mergeSession();
            List<String> sets = mergeDestinationSets();
            List<String> allowedProviders = mergeProviders();
            Optional<String> refusal = in.provider()
                    .filter(p -> !allowedProviders.contains(p.id()))
                    .map(p -> "Provider '" + p.id() + "' is not allowed for team '" + team.name() + "' (allowed: "
                            + (allowedProviders.isEmpty() ? "none" : String.join(", ", allowedProviders)) + ")");
            List<EffectiveConfig.EnabledBundle> bundles = mergeBundles();
            RuleSet rules = mergeRules();
            List<ProtectedPath> protection = mergeWorkspaceProtection();

            TreeSet<String> hosts = new TreeSet<>();
            for (String s : sets) {
                DestinationSet ds = org.destinationSets().get(s);
                if (ds != null) {
                    hosts.addAll(ds.hosts());
                }
            }
            in.provider().ifPresent(p -> hosts.addAll(p.coreHosts()));
            if (posture.orElse(NetworkPosture.OPEN) == NetworkPosture.WEB_EGRESS_ENFORCED) {
                for (EffectiveConfig.SourcedMcpServer s : mcp.values()) {
                    s.server().url().map(McpMatching::netloc).map(Run::hostOnly).filter(h -> !h.isBlank())
                            .ifPresent(hosts::add);
                }
            }

            TreeMap<String, String> sortedPlugins = new TreeMap<>(plugins);
            List<EffectiveConfig.SourcedPlugin> pluginList = new ArrayList<>();
            sortedPlugins.forEach((ref, src) -> pluginList.add(new EffectiveConfig.SourcedPlugin(ref, src)));

            return new EffectiveConfig(
                    org.organization(),
                    team.name(),
                    in.provider(),
                    pluginList,
                    List.copyOf(mcp.values()),
                    marketplaces,
                    org.defaults().extraMarketplaces().stream().distinct().toList(),
                    posture,
                    sets,
                    List.copyOf(hosts),
                    new SessionSettings(timeoutHours, autoResume),
                    new DevEnvironment(dev.get(Section.COMMANDS), dev.get(Section.LOGS), dev.get(Section.HEALTH_CHECKS)),
                    allowedProviders,
                    refusal,
                    bundles,
                    org.security(),
                    org.defaults().sandbox(),
                    decisions,
                    blocked,
                    denied,
                    ignored,
                    applied,
                    warnings,
                    rules,
                    protection);
        }

        // ---- workspace protection --------------------------------------------------------------------------

        /**
         * SCC's default set and every installed agent's settings, the org's choices over them (either way), then
         * the team layers and the project, which only make paths stricter and only where delegated
         * ({@code delegation.teams.allow_workspace_protection}, for projects also the project delegation).
         */
        private List<ProtectedPath> mergeWorkspaceProtection() {
            ProtectionMerge m = new ProtectionMerge(protectedProviders, decisions, ignored);
            m.org(org.security().workspaceProtection());
            List<String> patterns = org.delegation().teamsAllowWorkspaceProtection();
            Optional<String> teamWhy = teamMatches(patterns) ? Optional.empty()
                    : Optional.of("Team '" + team.name() + "' not allowed to set workspace protection "
                            + "(delegation.teams.allow_workspace_protection)");
            m.lower(team.workspaceProtection(), teamSource, teamWhy, "Made stricter by team profile '" + team.name() + "'");
            teamConfig.ifPresent(tc -> m.lower(tc.workspaceProtection(), teamSource, teamWhy,
                    "Made stricter by team config of '" + team.name() + "'"));
            in.project().ifPresent(p -> m.lower(p.workspaceProtection(), "project",
                    projectDelegation(patterns, "workspace protection"), "Made stricter by project config"));
            return m.result();
        }

        // ---- action rules ----------------------------------------------------------------------------------

        /**
         * Built-in packs (as switched) and org rules are absolute; team rules (the profile's and a federated team
         * config's) need {@code delegation.teams.allow_rules}, project rules the project delegation as well; lower
         * layers only make decisions stricter (RuleLayers refuses the rest, reported here); org policy exceptions
         * may lift team and project rules by id.
         */
        private RuleSet mergeRules() {
            List<ActionRule> authoritative = new ArrayList<>(BuiltinPack.effective(org.security().safetyNet().orElse(Map.of())));
            authoritative.addAll(org.rules());
            List<ActionRule> teamRules = new ArrayList<>(team.rules());
            teamConfig.ifPresent(tc -> teamRules.addAll(tc.rules()));
            Optional<String> teamWhy = teamMatches(org.delegation().teamsAllowRules()) ? Optional.empty()
                    : Optional.of("Team '" + team.name() + "' not allowed to add rules (delegation.teams.allow_rules)");
            List<RuleLayers.Layer> lower = new ArrayList<>();
            lower.add(new RuleLayers.Layer(teamRules, teamWhy));
            in.project().ifPresent(p -> lower.add(new RuleLayers.Layer(p.rules(),
                    projectDelegation(org.delegation().teamsAllowRules(), "rules"))));
            Set<String> lifted = new java.util.TreeSet<>();
            for (PolicyException e : activeExceptions) {
                if (e.scope() == PolicyException.Scope.POLICY) {
                    lifted.addAll(e.allowRules());
                }
            }
            RuleLayers.Result r = RuleLayers.merge(authoritative, lower, lifted);
            for (RuleLayers.Refused x : r.refused()) {
                ignored.add(new IgnoredPolicyChange(x.keyPath(), x.requested(), "", x.source(), x.reason()));
            }
            for (String id : r.lifted()) {
                warnings.add("Rule '" + id + "' lifted by a policy exception");
            }
            return r.rules();
        }

        // ---- network posture -------------------------------------------------------------------------------

        private void mergeNetwork() {
            network(org.defaults().networkPolicy(), "org.defaults", "Organization default network policy",
                    "Unknown organization network_policy value", "");
            network(team.networkPolicy(), teamSource, "Overridden by team profile '" + team.name() + "'",
                    "Unknown team network_policy value",
                    "Team network_policy cannot be less restrictive than inherited policy");
            in.project().ifPresent(p -> network(p.networkPolicy(), "project", "Applied from project config",
                    "Unknown project network_policy value",
                    "Project network_policy cannot be less restrictive than inherited policy"));
            network(in.user().networkPolicy(), "user", "Applied from user config", "Unknown user network_policy value",
                    "User network_policy cannot be less restrictive than inherited policy");
        }

        private void network(Optional<String> requested, String source, String applyReason, String unknownReason,
                String widenReason) {
            if (requested.isEmpty() || requested.get().isBlank()) {
                return;
            }
            String current = posture.map(NetworkPosture::id).orElse("");
            Optional<NetworkPosture> req = NetworkPosture.parse(requested.get().strip());
            if (req.isEmpty()) {
                ignored.add(new IgnoredPolicyChange("network_policy", requested.get(), current, source, unknownReason));
                return;
            }
            if (posture.isPresent() && !req.get().atLeast(posture.get())) {
                ignored.add(new IgnoredPolicyChange("network_policy", requested.get(), current, source, widenReason));
                return;
            }
            posture = req;
            postureSource = source;
            decisions.removeIf(d -> d.field().equals("network_policy"));
            decisions.add(MergeDecision.of("network_policy", req.get().id(), applyReason, source));
        }

        // ---- marketplaces and plugins ---------------------------------------------------------------------

        private void mergeMarketplaces() {
            if (trust.inheritOrgMarketplaces()) {
                marketplaces.putAll(org.marketplaces());
            }
            teamConfig.ifPresent(tc -> tc.marketplaces().forEach((name, source) -> {
                Optional<String> violation = trustViolation(name, source);
                if (violation.isPresent()) {
                    blocked.add(new BlockedItem(name, violation.get(), teamSource + ".trust", TargetType.MARKETPLACE));
                } else {
                    marketplaces.put(name, source);
                    decisions.add(MergeDecision.of("marketplaces", name, "Added by team config of '" + team.name()
                            + "' under its trust grant", teamSource));
                }
            }));
        }

        private Optional<String> trustViolation(String name, MarketplaceSource source) {
            if (!trust.allowAdditionalMarketplaces()) {
                return Optional.of("trust.allow_additional_marketplaces=false");
            }
            if (org.marketplaces().containsKey(name) || name.equals(PluginRef.IMPLICIT_MARKETPLACE)) {
                return Optional.of("marketplace name collides with an org or implicit marketplace");
            }
            if (source instanceof MarketplaceSource.Directory) {
                return Optional.empty();
            }
            String url = TrustPatterns.normaliseSource(source);
            if (trust.marketplaceSourcePatterns().isEmpty()) {
                return Optional.of("source " + url + " not allowed (no trust.marketplace_source_patterns defined)");
            }
            for (String p : trust.marketplaceSourcePatterns()) {
                if (TrustPatterns.matches(url, p)) {
                    return Optional.empty();
                }
            }
            return Optional.of("source " + url + " matches no trust.marketplace_source_patterns entry");
        }

        private Optional<String> canonical(String ref, String requestedBy, boolean report) {
            PluginRef.Result r = PluginRef.canonicalise(ref, orgMarketplaceNames);
            if (r.canonical().isEmpty() && report) {
                denied.add(new DeniedAddition(ref, requestedBy, "Invalid plugin reference: " + r.problem(),
                        TargetType.PLUGIN));
            }
            return r.canonical();
        }

        private void mergeDefaultPlugins() {
            List<String> disabledByTeam = teamConfig.map(TeamConfig::disabledPlugins).orElse(List.of());
            for (String raw : org.defaults().enabledPlugins()) {
                Optional<String> c = canonical(raw, "org", true);
                if (c.isEmpty()) {
                    continue;
                }
                String ref = c.get();
                Optional<String> block = PluginRef.firstMatch(ref, org.security().blockedPlugins());
                if (block.isPresent()) {
                    blocked.add(new BlockedItem(ref, block.get(), "org.security", TargetType.PLUGIN));
                    continue;
                }
                if (!trust.inheritOrgMarketplaces() && org.marketplaces().containsKey(PluginRef.marketplace(ref))) {
                    blocked.add(new BlockedItem(ref, "trust.inherit_org_marketplaces=false", teamSource + ".trust",
                            TargetType.PLUGIN));
                    continue;
                }
                Optional<String> disabled = PluginRef.firstMatch(ref, org.defaults().disabledPlugins());
                if (disabled.isPresent()) {
                    decisions.add(MergeDecision.of("disabled_plugins", ref,
                            "Disabled by defaults.disabled_plugins ('" + disabled.get() + "')", "org.defaults"));
                    continue;
                }
                Optional<String> teamDisabled = PluginRef.firstMatch(ref, disabledByTeam);
                if (teamDisabled.isPresent()) {
                    decisions.add(MergeDecision.of("disabled_plugins", ref,
                            "Disabled by team config disabled_plugins ('" + teamDisabled.get() + "')", teamSource));
                    continue;
                }
                addPlugin(ref, "Included in organization defaults", "org.defaults");
            }
        }

        private void addPlugin(String ref, String reason, String source) {
            plugins.putIfAbsent(ref, source);
            decisions.add(MergeDecision.of("plugins", ref, reason, source));
            String mkt = PluginRef.marketplace(ref);
            if (!marketplaces.containsKey(mkt) && !mkt.equals(PluginRef.IMPLICIT_MARKETPLACE)) {
                warnings.add("Plugin '" + ref + "' refers to marketplace '" + mkt
                        + "', which is not among the effective marketplaces");
            }
        }

        private void mergeTeamPlugins() {
            List<String> requested = new ArrayList<>(team.additionalPlugins());
            teamConfig.ifPresent(tc -> requested.addAll(tc.enabledPlugins()));
            boolean delegated = teamMatches(org.delegation().teamsAllowAdditionalPlugins());
            String undelegated = "Team '" + team.name() + "' not allowed to add plugins";
            for (String raw : new LinkedHashSet<>(requested)) {
                Optional<String> c = canonical(raw, "team", true);
                if (c.isEmpty()) {
                    continue;
                }
                String reason = team.federated() && !team.additionalPlugins().contains(raw)
                        ? "Added by team config of '" + team.name() + "'"
                        : "Added by team profile '" + team.name() + "'";
                plugin(c.get(), "team", teamSource, delegated ? Optional.empty() : Optional.of(undelegated), reason);
            }
        }

        private void mergeProjectPlugins() {
            in.project().ifPresent(p -> {
                Optional<String> why = projectDelegation(org.delegation().teamsAllowAdditionalPlugins(), "plugins");
                for (String raw : new LinkedHashSet<>(p.additionalPlugins())) {
                    canonical(raw, "project", true)
                            .ifPresent(ref -> plugin(ref, "project", "project", why, "Added by project config"));
                }
            });
        }

        /** The plugin gate chain: security, delegation, allowlist (exceptions may clear the last two). */
        private void plugin(String ref, String requestedBy, String source, Optional<String> undelegated, String reason) {
            Optional<String> odd = Canonical.problem(ref, false);
            if (odd.isPresent()) {
                blocked.add(new BlockedItem(ref, "plugin reference has " + odd.get(), requestedBy, TargetType.PLUGIN));
                return;
            }
            Optional<String> block = PluginRef.firstMatch(ref, org.security().blockedPlugins());
            if (block.isPresent()) {
                blocked.add(new BlockedItem(ref, block.get(), "org.security", TargetType.PLUGIN));
                return;
            }
            Optional<String> denial = undelegated;
            if (denial.isEmpty() && org.defaults().allowedPlugins().isPresent()
                    && PluginRef.firstMatch(ref, org.defaults().allowedPlugins().get()).isEmpty()) {
                denial = Optional.of("Plugin not allowed by defaults.allowed_plugins");
            }
            if (denial.isPresent()) {
                Optional<PolicyException> ex = exceptionFor(ref, TargetType.PLUGIN);
                if (ex.isEmpty()) {
                    denied.add(new DeniedAddition(ref, requestedBy, denial.get(), TargetType.PLUGIN));
                    return;
                }
                recordException(ex.get(), ref, TargetType.PLUGIN, denial.get());
                plugins.putIfAbsent(ref, source);
                decisions.add(new MergeDecision("plugins", ref, "Allowed by exception '" + ex.get().id() + "' ("
                        + ex.get().reason() + ")", source, Optional.of(ex.get().id()), Optional.of(ex.get().expiresAt())));
                return;
            }
            addPlugin(ref, reason, source);
        }

        // ---- MCP servers -----------------------------------------------------------------------------------

        private void mergeMcpServers() {
            boolean teamDelegated = teamMatches(org.delegation().teamsAllowAdditionalMcpServers());
            Optional<String> teamDenial = teamDelegated ? Optional.empty()
                    : Optional.of("Team '" + team.name() + "' not allowed to add MCP servers");
            for (McpServer s : team.additionalMcpServers()) {
                mcpServer(s, "team", teamSource, teamDenial, "Added by team profile '" + team.name() + "'");
            }
            in.project().ifPresent(p -> {
                Optional<String> why = projectDelegation(org.delegation().teamsAllowAdditionalMcpServers(), "MCP servers");
                for (McpServer s : p.additionalMcpServers()) {
                    mcpServer(s, "project", "project", why, "Added by project config");
                }
            });
        }

        private void mcpServer(McpServer s, String requestedBy, String source, Optional<String> undelegated,
                String reason) {
            Optional<String> odd = Canonical.mcpProblem(s);
            if (odd.isPresent()) {
                blocked.add(new BlockedItem(s.label(), odd.get(), requestedBy, TargetType.MCP_SERVER));
                return;
            }
            Optional<String> block = McpMatching.firstMatch(s, org.security().blockedMcpServers());
            if (block.isPresent()) {
                blocked.add(new BlockedItem(s.label(), block.get(), "org.security", TargetType.MCP_SERVER));
                return;
            }
            Optional<String> denial = undelegated;
            if (denial.isEmpty() && org.defaults().allowedMcpServers().isPresent()
                    && McpMatching.firstMatch(s, org.defaults().allowedMcpServers().get()).isEmpty()) {
                denial = Optional.of("MCP server not allowed by defaults.allowed_mcp_servers");
            }
            Optional<PolicyException> ex = Optional.empty();
            if (denial.isPresent()) {
                ex = exceptionFor(s.label(), TargetType.MCP_SERVER);
                if (ex.isEmpty()) {
                    denied.add(new DeniedAddition(s.label(), requestedBy, denial.get(), TargetType.MCP_SERVER));
                    return;
                }
            }
            if (posture.orElse(NetworkPosture.OPEN) == NetworkPosture.LOCKED_DOWN_WEB && s.network()) {
                blocked.add(new BlockedItem(s.label(), "network_policy=locked-down-web", postureSource,
                        TargetType.MCP_SERVER));
                return;
            }
            if (s.stdio()) {
                Optional<String> stdio = stdioViolation(s);
                if (stdio.isPresent()) {
                    blocked.add(new BlockedItem(s.label(), stdio.get(), "org.security", TargetType.MCP_SERVER));
                    return;
                }
            }
            EffectiveConfig.SourcedMcpServer existing = mcp.get(s.name());
            if (existing != null) {
                ignored.add(new IgnoredPolicyChange("mcp_servers." + s.name(), s.label(), existing.server().label(),
                        source, "MCP server '" + s.name() + "' is already defined by " + existing.source()
                                + "; a layer cannot redefine it"));
                return;
            }
            if (ex.isPresent()) {
                recordException(ex.get(), s.label(), TargetType.MCP_SERVER, denial.get());
                decisions.add(new MergeDecision("mcp_servers", s.name(), "Allowed by exception '" + ex.get().id() + "' ("
                        + ex.get().reason() + ")", source, Optional.of(ex.get().id()), Optional.of(ex.get().expiresAt())));
            } else {
                decisions.add(MergeDecision.of("mcp_servers", s.name(), reason, source));
            }
            mcp.put(s.name(), new EffectiveConfig.SourcedMcpServer(s, source));
        }

        private Optional<String> stdioViolation(McpServer s) {
            if (!org.security().allowStdioMcp()) {
                return Optional.of("stdio MCP disabled by org policy");
            }
            String command = s.command().orElse("");
            Path cmd;
            try {
                cmd = Path.of(command);
            } catch (InvalidPathException e) {
                return Optional.of("stdio command is not a valid path");
            }
            if (!command.startsWith("/") || !cmd.isAbsolute()) {
                return Optional.of("stdio command must be absolute path");
            }
            List<String> prefixes = org.security().allowedStdioPrefixes();
            if (prefixes.isEmpty()) {
                return Optional.empty();
            }
            Path resolved = cmd.normalize();
            for (String prefix : prefixes) {
                try {
                    Path p = Path.of(prefix.strip()).normalize();
                    if (p.isAbsolute() && resolved.startsWith(p)) {
                        return Optional.empty();
                    }
                } catch (InvalidPathException e) {
                    // an unusable prefix admits nothing
                }
            }
            return Optional.of("Resolved path " + resolved + " not in allowed prefixes");
        }

        // ---- delegation helpers ----------------------------------------------------------------------------

        private boolean teamMatches(List<String> teamPatterns) {
            return !team.name().isBlank() && Glob.firstMatch(team.name(), teamPatterns).isPresent();
        }

        /**
         * Why the project may not add this kind of item, if it may not: it needs the org's switch, its team's
         * switch, and (our rule, stricter than the reference) its team must itself be allowed to add the kind.
         */
        private Optional<String> projectDelegation(List<String> teamKindPatterns, String kind) {
            if (team.name().isBlank()) {
                return Optional.of("No team specified");
            }
            if (!org.delegation().projectsInheritTeamDelegation()) {
                return Optional.of("Org disabled project delegation (inherit_team_delegation: false)");
            }
            if (!team.allowProjectOverrides()) {
                return Optional.of("Team '" + team.name() + "' disabled project overrides (allow_project_overrides: false)");
            }
            if (!teamMatches(teamKindPatterns)) {
                return Optional.of("Team '" + team.name() + "' may not add " + kind + ", so its projects may not either");
            }
            return Optional.empty();
        }

        // ---- dev environment and session -------------------------------------------------------------------

        private void mergeDevEnvironment() {
            for (Section s : Section.values()) {
                org.defaults().devEnvironment().section(s).values()
                        .forEach(a -> devAction(s, a, "org.defaults", "Included in organization defaults"));
            }
            boolean teamDelegated = teamMatches(org.delegation().teamsAllowDevEnvironmentCommands());
            for (Section s : Section.values()) {
                for (DevAction a : team.devEnvironment().section(s).values()) {
                    if (!teamDelegated) {
                        denied.add(new DeniedAddition(a.name(), "team", "Team '" + team.name()
                                + "' not allowed to add dev environment commands", devType(s)));
                    } else {
                        devAction(s, a, teamSource, "Added by team profile '" + team.name() + "'");
                    }
                }
            }
            in.project().ifPresent(p -> {
                Optional<String> why = projectDelegation(org.delegation().teamsAllowDevEnvironmentCommands(),
                        "dev environment commands");
                for (Section s : Section.values()) {
                    for (DevAction a : p.devEnvironment().section(s).values()) {
                        if (why.isPresent()) {
                            denied.add(new DeniedAddition(a.name(), "project", why.get(), devType(s)));
                        } else {
                            devAction(s, a, "project", "Added by project config");
                        }
                    }
                }
            });
        }

        private static TargetType devType(Section s) {
            switch (s) {
                case COMMANDS:
                    return TargetType.DEV_ENVIRONMENT_COMMAND;
                case LOGS:
                    return TargetType.DEV_ENVIRONMENT_LOG;
                default:
                    return TargetType.DEV_ENVIRONMENT_HEALTH_CHECK;
            }
        }

        private void devAction(Section s, DevAction a, String source, String reason) {
            Map<String, DevAction> section = dev.get(s);
            if (section.containsKey(a.name())) {
                ignored.add(new IgnoredPolicyChange("dev_environment." + s.key() + "." + a.name(), a.name(), a.name(),
                        source, s.title() + " name already configured"));
                return;
            }
            section.put(a.name(), a);
            decisions.add(MergeDecision.of("dev_environment." + s.key(), a.name(), reason, source));
        }

        private void mergeSession() {
            session(org.defaults().session(), "org.defaults", "Organization default session timeout",
                    "Organization default session auto-resume");
            String teamReason = "Overridden by team profile '" + team.name() + "'";
            session(team.session(), teamSource, teamReason, teamReason);
            in.project().ifPresent(p -> {
                Optional<String> why = projectDelegation(List.of("*"), "session settings");
                if (why.isPresent()) {
                    p.session().timeoutHours().ifPresent(v -> ignored.add(new IgnoredPolicyChange(
                            "session.timeout_hours", v.toString(), timeoutHours.map(String::valueOf).orElse(""),
                            "project", why.get())));
                    p.session().autoResume().ifPresent(v -> ignored.add(new IgnoredPolicyChange(
                            "session.auto_resume", v.toString(), autoResume.map(String::valueOf).orElse(""),
                            "project", why.get())));
                } else {
                    session(p.session(), "project", "Overridden by project config", "Overridden by project config");
                }
            });
            if (autoResume.isPresent()) {
                warnings.add("session.auto_resume is advisory only and not enforced");
            }
        }

        private void session(SessionSettings s, String source, String timeoutReason, String resumeReason) {
            s.timeoutHours().ifPresent(v -> {
                if (v < 1 || v > 24) {
                    // Documents are validated on load; an embedder's model gets the same range here.
                    ignored.add(new IgnoredPolicyChange("session.timeout_hours", v.toString(),
                            timeoutHours.map(String::valueOf).orElse(""), source, "outside 1..24 hours"));
                    return;
                }
                timeoutHours = Optional.of(v);
                decisions.add(MergeDecision.of("session.timeout_hours", v.toString(), timeoutReason, source));
            });
            s.autoResume().ifPresent(v -> {
                autoResume = Optional.of(v);
                decisions.add(MergeDecision.of("session.auto_resume", v.toString(), resumeReason, source));
            });
        }

        // ---- destination sets and providers ----------------------------------------------------------------

        private List<String> mergeDestinationSets() {
            Set<String> sets = new LinkedHashSet<>();
            for (String s : org.defaults().destinationSets()) {
                if (!org.destinationSets().containsKey(s)) {
                    ignored.add(new IgnoredPolicyChange("destination_sets", s, "", "org.defaults",
                            "Unknown destination set (not in the org's destination_sets catalog)"));
                } else if (sets.add(s)) {
                    decisions.add(MergeDecision.of("destination_sets", s, "Enabled by organization defaults", "org.defaults"));
                }
            }
            boolean delegated = teamMatches(org.delegation().teamsAllowDestinationSets());
            for (String s : team.destinationSets()) {
                if (sets.contains(s)) {
                    continue;
                }
                if (!org.destinationSets().containsKey(s)) {
                    denied.add(new DeniedAddition(s, "team", "Unknown destination set (not in the org's catalog)",
                            TargetType.DESTINATION_SET));
                } else if (!delegated) {
                    denied.add(new DeniedAddition(s, "team", "Team '" + team.name()
                            + "' not allowed to enable destination sets", TargetType.DESTINATION_SET));
                } else {
                    sets.add(s);
                    decisions.add(MergeDecision.of("destination_sets", s, "Enabled by team profile '" + team.name() + "'",
                            teamSource));
                }
            }
            in.project().flatMap(ProjectConfig::destinationSets).ifPresent(req -> narrow(sets, req, "project"));
            in.user().destinationSets().ifPresent(req -> narrow(sets, req, "user"));
            in.provider().ifPresent(p -> decisions.add(MergeDecision.of("destination_sets", p.coreDestinationSet(),
                    "Core destinations of provider '" + p.id() + "'", "org.defaults")));
            TreeSet<String> out = new TreeSet<>(sets);
            in.provider().ifPresent(p -> out.add(p.coreDestinationSet()));
            return List.copyOf(out);
        }

        private void narrow(Set<String> sets, List<String> requested, String source) {
            for (String r : requested) {
                if (!sets.contains(r)) {
                    ignored.add(new IgnoredPolicyChange("destination_sets", r, String.join(",", new TreeSet<>(sets)),
                            source, capitalise(source) + " may only narrow destination sets, not add '" + r + "'"));
                }
            }
            List<String> removed = sets.stream().filter(s -> !requested.contains(s)).toList();
            for (String s : removed) {
                sets.remove(s);
                decisions.removeIf(d -> d.field().equals("destination_sets") && d.value().equals(s));
                decisions.add(MergeDecision.of("destination_sets.narrowed", s, "Removed by " + source + " config", source));
            }
        }

        private static String capitalise(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        private List<String> mergeProviders() {
            List<String> all = new ArrayList<>(installed);
            List<String> allowed = new ArrayList<>(org.defaults().allowedProviders().orElse(all));
            allowed.retainAll(all);
            team.allowedProviders().ifPresent(teamList -> {
                for (String p : teamList) {
                    if (!allowed.contains(p)) {
                        ignored.add(new IgnoredPolicyChange("allowed_providers", p, String.join(",", allowed), teamSource,
                                "Team may only narrow the providers the org allows"));
                    }
                }
                allowed.retainAll(teamList);
            });
            return List.copyOf(allowed);
        }

        // ---- bundles ---------------------------------------------------------------------------------------

        private List<EffectiveConfig.EnabledBundle> mergeBundles() {
            List<EffectiveConfig.EnabledBundle> out = new ArrayList<>();
            GovernedArtifacts ga = org.governedArtifacts();
            for (String id : team.enabledBundles()) {
                GovernedArtifacts.Bundle b = ga.bundles().get(id);
                if (b == null) {
                    denied.add(new DeniedAddition(id, "team", "Bundle not found in governed_artifacts.bundles",
                            TargetType.BUNDLE));
                    continue;
                }
                if (b.installIntent() == GovernedArtifacts.InstallIntent.DISABLED) {
                    ignored.add(new IgnoredPolicyChange("enabled_bundles", id, "", teamSource,
                            "Bundle is disabled (install_intent: disabled)"));
                    continue;
                }
                List<GovernedArtifacts.Artifact> members = new ArrayList<>();
                for (String name : b.artifacts()) {
                    GovernedArtifacts.Artifact a = ga.artifacts().get(name);
                    if (a == null) {
                        denied.add(new DeniedAddition(name, "team", "Artifact of bundle '" + id
                                + "' not found in governed_artifacts.artifacts", TargetType.ARTIFACT));
                        continue;
                    }
                    Optional<String> block = artifactBlock(a);
                    if (block.isPresent()) {
                        blocked.add(new BlockedItem(name, block.get(), "org.security", TargetType.ARTIFACT));
                        continue;
                    }
                    members.add(a);
                }
                decisions.add(MergeDecision.of("bundles", id, "Enabled by team profile '" + team.name() + "'", teamSource));
                out.add(new EffectiveConfig.EnabledBundle(id, b.installIntent(), members, teamSource));
            }
            return out;
        }

        private Optional<String> artifactBlock(GovernedArtifacts.Artifact a) {
            List<String> refs = new ArrayList<>();
            refs.add(a.name());
            a.bindings().forEach(b -> b.nativeRef().ifPresent(refs::add));
            for (String ref : refs) {
                Optional<String> p = a.kind() == GovernedArtifacts.Kind.MCP_SERVER
                        ? Glob.firstMatch(ref, org.security().blockedMcpServers())
                        : PluginRef.firstMatch(ref, org.security().blockedPlugins());
                if (p.isPresent()) {
                    return p;
                }
            }
            if (a.kind() == GovernedArtifacts.Kind.MCP_SERVER) {
                for (GovernedArtifacts.Binding b : a.bindings()) {
                    String url = b.nativeConfig().getOrDefault("url", "");
                    if (!url.isEmpty()) {
                        Optional<String> p = McpMatching.firstMatch(
                                McpServer.remote(a.name(), b.transportType().orElse("http"), url),
                                org.security().blockedMcpServers());
                        if (p.isPresent()) {
                            return p;
                        }
                    }
                }
            }
            return Optional.empty();
        }

        // ---- exceptions ------------------------------------------------------------------------------------

        /**
         * The exception that clears a denial of {@code item}: org policy exceptions first, then local overrides
         * (repo, then user). An exact target beats a wildcard; matching is case-sensitive (as the reference).
         */
        private Optional<PolicyException> exceptionFor(String item, TargetType type) {
            for (PolicyException e : activeExceptions) {
                if (targets(e, type).contains(item)) {
                    return Optional.of(e);
                }
            }
            for (PolicyException e : activeExceptions) {
                for (String t : targets(e, type)) {
                    if (Glob.matchesCaseSensitive(item, t)) {
                        return Optional.of(e);
                    }
                }
            }
            return Optional.empty();
        }

        /** Org policy exceptions for this team, then local overrides; only those active now, parsed once. */
        private List<PolicyException> activeExceptions() {
            List<PolicyException> active = new ArrayList<>();
            for (PolicyException e : org.exceptions()) {
                if (active(e) && e.teams().map(ts -> ts.stream().anyMatch(t -> Glob.matchesCaseSensitive(team.name(), t)))
                        .orElse(true)) {
                    active.add(e);
                }
            }
            for (PolicyException e : in.localOverrides()) {
                if (active(e)) {
                    active.add(e);
                }
            }
            return List.copyOf(active);
        }

        private static List<String> targets(PolicyException e, TargetType type) {
            return type == TargetType.PLUGIN ? e.allowPlugins() : e.allowMcpServers();
        }

        private boolean active(PolicyException e) {
            return expiry(e.expiresAt()).map(in.now()::isBefore).orElse(false);
        }

        /** Parses an RFC 3339 instant; empty (= inactive, fail closed) when it cannot be parsed. */
        static Optional<Instant> expiry(String s) {
            try {
                return Optional.of(OffsetDateTime.parse(s.strip()).toInstant());
            } catch (DateTimeParseException | NullPointerException e) {
                return Optional.empty();
            }
        }

        private void recordException(PolicyException e, String item, TargetType type, String deniedReason) {
            applied.add(new AppliedException(e.id(), e.scope().wire(), e.source(), item, type,
                    "Cleared denial: " + deniedReason, e.expiresAt()));
        }

        private static String hostOnly(String netloc) {
            String h = netloc;
            int at = h.lastIndexOf('@');
            if (at >= 0) {
                h = h.substring(at + 1);
            }
            if (h.startsWith("[")) {
                return h;
            }
            int colon = h.indexOf(':');
            return colon >= 0 ? h.substring(0, colon) : h;
        }
    }
}
