package dev.scc.core.model;

import java.util.List;
import java.util.Map;

/** A federated team's own document ({@code team-config.v1}). */
public record TeamConfig(
        String schemaVersion,
        List<String> enabledPlugins,
        List<String> disabledPlugins,
        Map<String, MarketplaceSource> marketplaces) {

    public TeamConfig {
        enabledPlugins = Lists.copy(enabledPlugins);
        disabledPlugins = Lists.copy(disabledPlugins);
        marketplaces = Lists.copy(marketplaces);
    }
}
