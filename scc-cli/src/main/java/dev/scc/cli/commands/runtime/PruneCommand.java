package dev.scc.cli.commands.runtime;

import dev.scc.core.runtime.PruneReport;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scc prune}: removes every SCC-labelled container, network and volume that belongs to no live session. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove SCC-labelled containers, networks and volumes of sessions that are no longer live.")
public final class PruneCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "JSON envelope output.")
    boolean json;

    private final Supplier<DockerRuntimeBackend> backends;

    public PruneCommand(dev.scc.cli.CliServices services) {
        this(RuntimeCli.defaultBackend(services));
    }

    PruneCommand(Supplier<DockerRuntimeBackend> backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return RuntimeCli.with(backends, b -> {
            PruneReport r = b.prune();
            if (json) {
                RuntimeCli.printJson(out, "PruneReport", r);
                return 0;
            }
            if (r.empty()) {
                out.println("nothing to prune");
            }
            r.containers().forEach(c -> out.println("removed " + (c.startsWith("volume ") ? c : "container " + c)));
            r.networks().forEach(n -> out.println("removed network " + n));
            r.sessions().forEach(s -> out.println("marked session " + s + " stopped (its agent was gone)"));
            out.flush();
            return 0;
        });
    }
}
