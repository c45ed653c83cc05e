package dev.scc.cli.commands.team;

import picocli.CommandLine.Command;

/** {@code scc team}: the org's teams and which one you work as. */
@Command(name = "team", mixinStandardHelpOptions = true,
        description = "List the organization's teams and switch yours (globally or for one workspace).",
        subcommands = {TeamListCommand.class, TeamSwitchCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  scc team list", "  scc team switch backend", "  scc team switch frontend --workspace ~/src/web"})
public final class TeamCommand {}
