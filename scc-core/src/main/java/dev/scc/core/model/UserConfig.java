package dev.scc.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The developer's own settings (advisory): preferences, plus requests that may only narrow what the layers
 * above decided.
 *
 * @param selectedProvider {@code claude}, {@code codex} or {@code ask}
 * @param workspaceTeams absolute workspace path to pinned team
 */
public record UserConfig(
        Optional<String> organizationSource,
        Optional<String> selectedTeam,
        Optional<String> selectedProvider,
        boolean standalone,
        Map<String, String> workspaceTeams,
        Optional<String> networkPolicy,
        Optional<List<String>> destinationSets) {

    public static final UserConfig NONE = new UserConfig(Optional.empty(), Optional.empty(), Optional.empty(), false,
            Map.of(), Optional.empty(), Optional.empty());

    public UserConfig {
        workspaceTeams = Lists.copy(workspaceTeams);
        destinationSets = destinationSets.map(List::copyOf);
    }
}
