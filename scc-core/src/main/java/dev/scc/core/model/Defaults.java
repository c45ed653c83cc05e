package dev.scc.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The org's baseline for every team, and its allowlists for additions.
 *
 * @param allowedPlugins absent: every addition allowed; empty: none allowed
 * @param allowedMcpServers same tri-state as {@code allowedPlugins}
 * @param networkPolicy the raw value; see {@code NetworkPosture} for its ranking
 * @param allowedProviders absent: every provider allowed
 * @param maxStaleHours the maximum age of a cached org config for security-relevant launches
 */
public record Defaults(
        List<String> enabledPlugins,
        List<String> disabledPlugins,
        Optional<List<String>> allowedPlugins,
        Optional<List<String>> allowedMcpServers,
        List<String> extraMarketplaces,
        int cacheTtlHours,
        Optional<String> networkPolicy,
        SessionSettings session,
        DevEnvironment devEnvironment,
        Optional<List<String>> allowedProviders,
        List<String> destinationSets,
        Optional<Integer> maxStaleHours,
        SandboxSettings sandbox) {

    public static final Defaults NONE = new Defaults(List.of(), List.of(), Optional.empty(), Optional.empty(),
            List.of(), 24, Optional.empty(), SessionSettings.NONE, DevEnvironment.NONE, Optional.empty(), List.of(),
            Optional.empty(), SandboxSettings.NONE);

    public Defaults {
        enabledPlugins = Lists.copy(enabledPlugins);
        disabledPlugins = Lists.copy(disabledPlugins);
        allowedPlugins = allowedPlugins.map(List::copyOf);
        allowedMcpServers = allowedMcpServers.map(List::copyOf);
        extraMarketplaces = Lists.copy(extraMarketplaces);
        allowedProviders = allowedProviders.map(List::copyOf);
        destinationSets = Lists.copy(destinationSets);
    }
}
