package dev.scc.cli.commands.safety;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scc safety}: the command-safety engine's checks and hook adaptors. */
@Command(
        name = "safety",
        mixinStandardHelpOptions = true,
        description = "Check commands against the safety policy; run as the agents' pre-tool hook.",
        subcommands = {SafetyCheckCommand.class, SafetyHookCommand.class})
public final class SafetyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
