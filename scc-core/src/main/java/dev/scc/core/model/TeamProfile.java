package dev.scc.core.model;

import dev.scc.safety.rules.ActionRule;
import java.util.List;
import java.util.Optional;

/**
 * A team's profile in the org config. A profile with a {@code configSource} is federated: its plugins and
 * marketplaces also come from a team-owned {@link TeamConfig}, always re-checked against the current org.
 */
public record TeamProfile(
        String name,
        String description,
        List<String> additionalPlugins,
        List<McpServer> additionalMcpServers,
        Optional<String> networkPolicy,
        SessionSettings session,
        DevEnvironment devEnvironment,
        boolean allowProjectOverrides,
        Optional<ConfigSource> configSource,
        Optional<TrustGrant> trust,
        List<String> enabledBundles,
        Optional<List<String>> allowedProviders,
        List<String> destinationSets,
        List<ActionRule> rules,
        WorkspaceProtectionChoices workspaceProtection) {

    /** A profile that sets no workspace protection. */
    public TeamProfile(String name, String description, List<String> additionalPlugins, List<McpServer> additionalMcpServers,
            Optional<String> networkPolicy, SessionSettings session, DevEnvironment devEnvironment, boolean allowProjectOverrides,
            Optional<ConfigSource> configSource, Optional<TrustGrant> trust, List<String> enabledBundles,
            Optional<List<String>> allowedProviders, List<String> destinationSets, List<ActionRule> rules) {
        this(name, description, additionalPlugins, additionalMcpServers, networkPolicy, session, devEnvironment,
                allowProjectOverrides, configSource, trust, enabledBundles, allowedProviders, destinationSets, rules,
                WorkspaceProtectionChoices.NONE);
    }

    /** A profile with no action rules. */
    public TeamProfile(String name, String description, List<String> additionalPlugins, List<McpServer> additionalMcpServers,
            Optional<String> networkPolicy, SessionSettings session, DevEnvironment devEnvironment, boolean allowProjectOverrides,
            Optional<ConfigSource> configSource, Optional<TrustGrant> trust, List<String> enabledBundles,
            Optional<List<String>> allowedProviders, List<String> destinationSets) {
        this(name, description, additionalPlugins, additionalMcpServers, networkPolicy, session, devEnvironment,
                allowProjectOverrides, configSource, trust, enabledBundles, allowedProviders, destinationSets, List.of());
    }

    public TeamProfile {
        java.util.Objects.requireNonNull(workspaceProtection, "workspaceProtection");
        rules = Lists.copy(rules);
        additionalPlugins = Lists.copy(additionalPlugins);
        additionalMcpServers = Lists.copy(additionalMcpServers);
        enabledBundles = Lists.copy(enabledBundles);
        allowedProviders = allowedProviders.map(List::copyOf);
        destinationSets = Lists.copy(destinationSets);
    }

    public boolean federated() {
        return configSource.isPresent();
    }

    /** A profile that adds nothing (used for tests and for building profiles incrementally). */
    public static TeamProfile empty(String name) {
        return new TeamProfile(name, "", List.of(), List.of(), Optional.empty(), SessionSettings.NONE,
                DevEnvironment.NONE, false, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of());
    }
}
