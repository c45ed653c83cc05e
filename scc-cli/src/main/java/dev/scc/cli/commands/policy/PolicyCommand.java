package dev.scc.cli.commands.policy;

import picocli.CommandLine.Command;

/** {@code scc policy}: tools for policy authors (test an org's rules, simulate a decision). */
@Command(name = "policy", description = "Tools for policy authors: test the org's action rules, simulate a decision.",
        subcommands = {PolicyTestCommand.class, PolicySimulateCommand.class})
public final class PolicyCommand {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
