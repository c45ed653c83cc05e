package dev.scc.cli.commands.provider;

import picocli.CommandLine.Command;

/** {@code scc provider}: the default coding agent (the user config's {@code selected_provider}). */
@Command(name = "provider", mixinStandardHelpOptions = true,
        description = "Show or set which coding agent scc starts by default.",
        subcommands = {ProviderShowCommand.class, ProviderSetCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  scc provider show", "  scc provider set codex", "  scc provider set ask   # choose at each start"})
public final class ProviderCommand {}
