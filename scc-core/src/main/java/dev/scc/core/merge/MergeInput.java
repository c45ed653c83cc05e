package dev.scc.core.merge;

import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.UserConfig;
import dev.scc.core.spi.AgentProvider;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one merge needs. The clock is an input so merges are deterministic and testable.
 *
 * @param team the selected team; must be a profile of {@code org}
 * @param teamConfig the fetched document of a federated team (required when the profile is federated)
 * @param localOverrides active and expired local overrides, repo store first, then user store
 */
public record MergeInput(
        OrgConfig org,
        String team,
        Optional<TeamConfig> teamConfig,
        Optional<ProjectConfig> project,
        UserConfig user,
        Optional<AgentProvider> provider,
        List<PolicyException> localOverrides,
        Instant now) {

    public MergeInput {
        localOverrides = List.copyOf(localOverrides);
    }

    /** The org and team alone, at {@code now}. */
    public static MergeInput of(OrgConfig org, String team, Instant now) {
        return new MergeInput(org, team, Optional.empty(), Optional.empty(), UserConfig.NONE, Optional.empty(),
                List.of(), now);
    }

    public MergeInput withProject(ProjectConfig p) {
        return new MergeInput(org, team, teamConfig, Optional.of(p), user, provider, localOverrides, now);
    }

    public MergeInput withTeamConfig(TeamConfig t) {
        return new MergeInput(org, team, Optional.of(t), project, user, provider, localOverrides, now);
    }

    public MergeInput withProvider(AgentProvider p) {
        return new MergeInput(org, team, teamConfig, project, user, Optional.of(p), localOverrides, now);
    }

    public MergeInput withUser(UserConfig u) {
        return new MergeInput(org, team, teamConfig, project, u, provider, localOverrides, now);
    }

    public MergeInput withLocalOverrides(List<PolicyException> overrides) {
        return new MergeInput(org, team, teamConfig, project, user, provider, overrides, now);
    }
}
