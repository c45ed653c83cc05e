package dev.scc.core.model;

import dev.scc.safety.rules.ActionRule;
import java.util.List;
import java.util.Optional;

/**
 * A workspace's {@code .scc.yaml}: restricted; its additions need delegation, it may only narrow the network
 * and destination sets. Unknown keys are kept for warnings, never errors.
 *
 * @param destinationSets when present, the project narrows the effective sets to these
 * @param workspaceProtection paths the project makes stricter (where delegated; never looser)
 */
public record ProjectConfig(
        String file,
        List<String> additionalPlugins,
        List<McpServer> additionalMcpServers,
        DevEnvironment devEnvironment,
        Optional<String> networkPolicy,
        SessionSettings session,
        Optional<List<String>> destinationSets,
        List<String> unknownKeys,
        List<ActionRule> rules,
        WorkspaceProtectionChoices workspaceProtection) {

    /** A project config that sets no workspace protection. */
    public ProjectConfig(String file, List<String> additionalPlugins, List<McpServer> additionalMcpServers,
            DevEnvironment devEnvironment, Optional<String> networkPolicy, SessionSettings session,
            Optional<List<String>> destinationSets, List<String> unknownKeys, List<ActionRule> rules) {
        this(file, additionalPlugins, additionalMcpServers, devEnvironment, networkPolicy, session, destinationSets, unknownKeys,
                rules, WorkspaceProtectionChoices.NONE);
    }

    /** A project config with no action rules. */
    public ProjectConfig(String file, List<String> additionalPlugins, List<McpServer> additionalMcpServers,
            DevEnvironment devEnvironment, Optional<String> networkPolicy, SessionSettings session,
            Optional<List<String>> destinationSets, List<String> unknownKeys) {
        this(file, additionalPlugins, additionalMcpServers, devEnvironment, networkPolicy, session, destinationSets, unknownKeys,
                List.of());
    }

    public ProjectConfig {
        java.util.Objects.requireNonNull(workspaceProtection, "workspaceProtection");
        rules = Lists.copy(rules);
        additionalPlugins = Lists.copy(additionalPlugins);
        additionalMcpServers = Lists.copy(additionalMcpServers);
        destinationSets = destinationSets.map(List::copyOf);
        unknownKeys = Lists.copy(unknownKeys);
    }

    public static ProjectConfig empty(String file) {
        return new ProjectConfig(file, List.of(), List.of(), DevEnvironment.NONE, Optional.empty(), SessionSettings.NONE,
                Optional.empty(), List.of());
    }
}
