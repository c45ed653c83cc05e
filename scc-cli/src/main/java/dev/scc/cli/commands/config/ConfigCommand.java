package dev.scc.cli.commands.config;

import picocli.CommandLine.Command;

/** {@code scc config}: see and check what the trust hierarchy gives a team and project. */
@Command(name = "config", description = "Explain and validate the effective configuration.",
        mixinStandardHelpOptions = true, subcommands = {ConfigExplainCommand.class, ConfigValidateCommand.class})
public final class ConfigCommand {}
