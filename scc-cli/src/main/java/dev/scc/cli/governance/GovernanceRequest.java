package dev.scc.cli.governance;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command asks the governance layer for: which org, team, project and provider. Empty values are
 * resolved from the user config (team, provider) and the workspace ({@code .scc.yaml}).
 */
public record GovernanceRequest(
        Optional<Path> orgFile,
        Optional<String> team,
        Optional<Path> teamConfigFile,
        Optional<Path> projectFile,
        Optional<Path> workspace,
        Optional<String> provider) {

    public static GovernanceRequest of(Path orgFile, String team) {
        return new GovernanceRequest(Optional.of(orgFile), Optional.of(team), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
