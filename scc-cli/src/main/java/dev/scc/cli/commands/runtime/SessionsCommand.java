package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.Session;
import dev.scc.core.runtime.RuntimeBackend;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scc sessions} / {@code scc list}: session records with their live state from the engine. */
@Command(name = "sessions", aliases = "list", mixinStandardHelpOptions = true,
        description = "List sessions (live ones first; --all includes stopped ones).",
        footerHeading = "%nExamples:%n",
        footer = {"  scc sessions", "  scc sessions --all --json"})
public final class SessionsCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption jsonOption;

    @Option(names = {"-a", "--all"}, description = "Include stopped sessions.")
    boolean all;

    private final Supplier<? extends RuntimeBackend> backends;

    public SessionsCommand(dev.scc.cli.CliServices services) {
        this(RuntimeCli.defaultBackend(services));
    }

    SessionsCommand(Supplier<? extends RuntimeBackend> backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return RuntimeCli.with(backends, b -> {
            boolean engineUp = b.availability() instanceof Availability.Available;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Session s : b.sessions()) {
                if (!all && !s.live()) {
                    continue;
                }
                String state = !s.live() ? "stopped" : !engineUp ? "unknown" : b.running(s) ? "running" : "gone";
                rows.add(RuntimeCli.sessionJson(s, state));
            }
            if (jsonOption.enabled()) {
                RuntimeCli.printJson(out, "SessionList", rows);
                return 0;
            }
            if (rows.isEmpty()) {
                out.println(all ? "no sessions" : "no live sessions (scc sessions --all shows stopped ones)");
            } else {
                out.printf("%-12s  %-8s  %-7s  %-20s  %-20s  %s%n", "ID", "STATE", "PROVIDER", "NETWORK", "STARTED",
                        "WORKSPACE");
                for (Map<String, Object> r : rows) {
                    out.printf("%-12s  %-8s  %-7s  %-20s  %-20s  %s%n", r.get("id"), r.get("state"), r.get("provider"),
                            r.get("network_posture"), String.valueOf(r.get("started_at")).substring(0, 19),
                            r.get("workspace"));
                }
            }
            if (!engineUp && !rows.isEmpty()) {
                spec.commandLine().getErr().println("scc: engine unreachable; states are unknown (see scc doctor)");
            }
            out.flush();
            return 0;
        });
    }
}
