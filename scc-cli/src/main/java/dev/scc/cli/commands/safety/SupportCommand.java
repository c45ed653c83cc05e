package dev.scc.cli.commands.safety;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scc support}: diagnostics for support requests. */
@Command(name = "support", mixinStandardHelpOptions = true, description = "Diagnostics for support requests.",
        subcommands = {SafetyAuditCommand.class})
public final class SupportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
