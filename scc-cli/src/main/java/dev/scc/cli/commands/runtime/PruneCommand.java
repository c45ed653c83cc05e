package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.ux.GlobalOptions;
import dev.scc.cli.ux.Prompter;
import dev.scc.cli.ux.Terminal;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeBackend;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scc prune}: removes every SCC-labelled container, network and volume that belongs to no live session. It
 * lists what it would remove and asks first; {@code --yes} skips the question (and is required without a terminal),
 * {@code --dry-run} only lists.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove SCC-labelled containers, networks and volumes of sessions that are no longer live.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc prune --dry-run     list what would be removed", "  scc prune --yes         remove without asking"})
public final class PruneCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Remove without asking (required when not on a terminal).")
    boolean yes;

    private final Supplier<? extends RuntimeBackend> backends;
    private final Optional<CliServices> services;

    public PruneCommand(CliServices services) {
        this.backends = RuntimeCli.defaultBackend(services);
        this.services = Optional.of(services);
    }

    PruneCommand(Supplier<? extends RuntimeBackend> backends) {
        this.backends = backends;
        this.services = Optional.empty();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return RuntimeCli.with(backends, b -> {
            PruneReport plan = b.prune(true);
            if (dryRun || plan.empty()) {
                report(out, plan, true);
                return ExitCodes.OK;
            }
            if (!yes) {
                Terminal terminal = services.map(s -> GlobalOptions.terminal(spec, s)).orElse(null);
                if (terminal == null || !terminal.interactive() || System.console() == null) {
                    throw new SccException(Kind.INVALID, "scc prune removes " + count(plan) + " object(s) and asks first; without a "
                            + "terminal pass --yes (or --dry-run to list them)", "", null);
                }
                report(spec.commandLine().getErr(), plan, true);
                Prompter prompter = new Prompter(new BufferedReader(System.console().reader()),
                        spec.commandLine().getErr(), terminal);
                if (!prompter.confirm("Remove them?", false)) {
                    spec.commandLine().getErr().println("scc: nothing removed");
                    return ExitCodes.CANCELLED;
                }
            }
            report(out, b.prune(false), false);
            return ExitCodes.OK;
        });
    }

    private static int count(PruneReport r) {
        return r.objects().size();
    }

    private void report(PrintWriter out, PruneReport r, boolean planned) {
        if (jsonOption.enabled()) {
            RuntimeCli.printJson(out, "PruneReport", r);
            return;
        }
        String removed = planned ? "would remove " : "removed ";
        if (r.empty()) {
            out.println("nothing to prune");
        }
        r.objects().forEach(o -> out.println(removed + o.kind() + " " + o.name()));
        r.sessions().forEach(s -> out.println((planned ? "would mark" : "marked") + " session " + s
                + " stopped (its agent was gone)"));
        out.flush();
    }
}
