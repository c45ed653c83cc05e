package dev.scc.cli.commands.config;

import dev.scc.cli.governance.GovernanceRequest;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every governance-reading command shares (a picocli mixin). */
public final class GovernanceOptions {
    @Option(names = "--org", paramLabel = "SOURCE",
            description = "Org config: a file (JSON or YAML), an https:// URL, or github:owner/repo[@ref]:path. "
                    + "Default: the one connected by 'scc setup'.")
    String org;

    @Option(names = {"--offline", "--cached"}, description = "Use the cached copy of remote documents; never fetch.")
    boolean offline;

    @Option(names = "--team", paramLabel = "NAME", description = "Team profile. Default: the team selected in the user config.")
    String team;

    @Option(names = "--team-config", paramLabel = "FILE", description = "The team's own config, for a federated team.")
    Path teamConfig;

    @Option(names = "--project", paramLabel = "FILE", description = "A project .scc.yaml.")
    Path project;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace whose .scc.yaml is the project layer.")
    Path workspace;

    @Option(names = "--provider", paramLabel = "P", description = "claude or codex: adds its core destinations and checks it is allowed.")
    String provider;

    /** The request these options describe. */
    public GovernanceRequest request() {
        return new GovernanceRequest(Optional.ofNullable(org), Optional.ofNullable(team), Optional.ofNullable(teamConfig),
                Optional.ofNullable(project), Optional.ofNullable(workspace), Optional.ofNullable(provider), offline, false);
    }
}
