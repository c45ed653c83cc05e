package dev.scc.cli.commands.org;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scc org}: the organization config (schema, validation). */
@Command(name = "org", description = "Organization config: schema, validation, refresh and cache status.",
        subcommands = {OrgSchemaCommand.class, OrgValidateCommand.class, OrgUpdateCommand.class, OrgStatusCommand.class})
public final class OrgCommand implements Runnable {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
