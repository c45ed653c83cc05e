package dev.scc.core.model;

import java.util.List;

/**
 * What the org delegates. Team lists hold patterns over TEAM NAMES (not item names); projects need the org's
 * {@code inheritTeamDelegation} and their team's {@code allowProjectOverrides}.
 *
 * @param teamsAllowWorkspaceProtection {@code delegation.teams.allow_workspace_protection}: teams (and, with project
 *     delegation, their projects) that may make workspace protection stricter; nothing may make it looser
 */
public record Delegation(
        List<String> teamsAllowAdditionalPlugins,
        List<String> teamsAllowAdditionalMcpServers,
        List<String> teamsAllowDevEnvironmentCommands,
        List<String> teamsAllowDestinationSets,
        boolean projectsInheritTeamDelegation,
        List<String> teamsAllowRules,
        List<String> teamsAllowWorkspaceProtection) {

    public static final Delegation NONE = new Delegation(List.of(), List.of(), List.of(), List.of(), false, List.of(),
            List.of());

    /** A delegation that delegates no workspace protection. */
    public Delegation(List<String> teamsAllowAdditionalPlugins, List<String> teamsAllowAdditionalMcpServers,
            List<String> teamsAllowDevEnvironmentCommands, List<String> teamsAllowDestinationSets,
            boolean projectsInheritTeamDelegation, List<String> teamsAllowRules) {
        this(teamsAllowAdditionalPlugins, teamsAllowAdditionalMcpServers, teamsAllowDevEnvironmentCommands,
                teamsAllowDestinationSets, projectsInheritTeamDelegation, teamsAllowRules, List.of());
    }

    /** A delegation that delegates no action rules. */
    public Delegation(List<String> teamsAllowAdditionalPlugins, List<String> teamsAllowAdditionalMcpServers,
            List<String> teamsAllowDevEnvironmentCommands, List<String> teamsAllowDestinationSets,
            boolean projectsInheritTeamDelegation) {
        this(teamsAllowAdditionalPlugins, teamsAllowAdditionalMcpServers, teamsAllowDevEnvironmentCommands,
                teamsAllowDestinationSets, projectsInheritTeamDelegation, List.of());
    }

    public Delegation {
        teamsAllowAdditionalPlugins = Lists.copy(teamsAllowAdditionalPlugins);
        teamsAllowAdditionalMcpServers = Lists.copy(teamsAllowAdditionalMcpServers);
        teamsAllowDevEnvironmentCommands = Lists.copy(teamsAllowDevEnvironmentCommands);
        teamsAllowDestinationSets = Lists.copy(teamsAllowDestinationSets);
        teamsAllowRules = Lists.copy(teamsAllowRules);
        teamsAllowWorkspaceProtection = Lists.copy(teamsAllowWorkspaceProtection);
    }
}
