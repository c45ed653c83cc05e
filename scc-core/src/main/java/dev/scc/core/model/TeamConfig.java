package dev.scc.core.model;

import dev.scc.safety.rules.ActionRule;
import java.util.List;
import java.util.Map;

/** A federated team's own document ({@code team-config.v1}). */
public record TeamConfig(
        String schemaVersion,
        List<String> enabledPlugins,
        List<String> disabledPlugins,
        Map<String, MarketplaceSource> marketplaces,
        List<ActionRule> rules,
        WorkspaceProtectionChoices workspaceProtection) {

    /** A team config that sets no workspace protection. */
    public TeamConfig(String schemaVersion, List<String> enabledPlugins, List<String> disabledPlugins,
            Map<String, MarketplaceSource> marketplaces, List<ActionRule> rules) {
        this(schemaVersion, enabledPlugins, disabledPlugins, marketplaces, rules, WorkspaceProtectionChoices.NONE);
    }

    /** A team config with no action rules. */
    public TeamConfig(String schemaVersion, List<String> enabledPlugins, List<String> disabledPlugins,
            Map<String, MarketplaceSource> marketplaces) {
        this(schemaVersion, enabledPlugins, disabledPlugins, marketplaces, List.of());
    }

    public TeamConfig {
        java.util.Objects.requireNonNull(workspaceProtection, "workspaceProtection");
        rules = Lists.copy(rules);
        enabledPlugins = Lists.copy(enabledPlugins);
        disabledPlugins = Lists.copy(disabledPlugins);
        marketplaces = Lists.copy(marketplaces);
    }
}
