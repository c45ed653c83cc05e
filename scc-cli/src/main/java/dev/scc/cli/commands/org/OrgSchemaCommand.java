package dev.scc.cli.commands.org;

import dev.scc.cli.ExitCodes;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.SchemaValidator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scc org schema [--team]}: prints the JSON Schema SCC validates documents against. */
@Command(name = "schema", description = "Print the JSON Schema of the org config (or, with --team, of a federated team config).")
public final class OrgSchemaCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--team", description = "Print the team-config.v1 schema instead of org-v1.")
    boolean team;

    @Override
    public Integer call() {
        String text = SchemaValidator.schemaText(team ? DocumentKind.TEAM : DocumentKind.ORG);
        spec.commandLine().getOut().print(text.endsWith("\n") ? text : text + "\n");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
