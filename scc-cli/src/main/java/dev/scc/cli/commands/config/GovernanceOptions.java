package dev.scc.cli.commands.config;

import dev.scc.app.governance.GovernanceRequest;
import java.nio.file.Path;
import java.util.Optional;
import dev.scc.cli.output.OrgOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every governance-reading command shares (a picocli mixin). */
public final class GovernanceOptions {
    @Mixin
    OrgOption orgOption = new OrgOption();

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

    @Option(names = "--provider", paramLabel = "P", description = "An installed provider: adds its core destinations and checks it is allowed.")
    String provider;

    /**
     * The org, team and workspace flags as given (each with a leading space), for fix hints that must resolve the
     * same way when the user runs them; empty when everything came from the saved setup.
     */
    public String repeatFlags() {
        StringBuilder b = new StringBuilder();
        if (orgOption.source().isPresent()) {
            b.append(" --org ").append(quoted(orgOption.source().get()));
        }
        if (team != null) {
            b.append(" --team ").append(quoted(team));
        }
        if (workspace != null) {
            b.append(" --workspace ").append(quoted(workspace.toString()));
        }
        return b.toString();
    }

    private static String quoted(String s) {
        return dev.scc.cli.output.ShellQuote.of(java.util.List.of(s));
    }

    /** The request these options describe. */
    public GovernanceRequest request() {
        return new GovernanceRequest(orgOption.source(), Optional.ofNullable(team), Optional.ofNullable(teamConfig),
                Optional.ofNullable(project), Optional.ofNullable(workspace), Optional.ofNullable(provider), offline, false);
    }
}
