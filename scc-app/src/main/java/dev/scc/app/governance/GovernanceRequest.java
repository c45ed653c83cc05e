package dev.scc.app.governance;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command asks the governance layer for: which org (a file, an HTTPS URL or a {@code github:} /
 * {@code gitlab:} shorthand), team, project and provider. Empty values are resolved from the user config (org
 * source, team) and the workspace ({@code .scc.yaml}).
 *
 * @param offline use cached remote documents only
 * @param forLaunch a security-relevant use: a cached org older than {@code defaults.max_stale_hours} is refused
 */
public record GovernanceRequest(
        Optional<String> orgSource,
        Optional<String> team,
        Optional<Path> teamConfigFile,
        Optional<Path> projectFile,
        Optional<Path> workspace,
        Optional<String> provider,
        boolean offline,
        boolean forLaunch) {

    /** The same request, marked as a launch (stale policy is refused). */
    public GovernanceRequest asLaunch() {
        return new GovernanceRequest(orgSource, team, teamConfigFile, projectFile, workspace, provider, offline, true);
    }
}
