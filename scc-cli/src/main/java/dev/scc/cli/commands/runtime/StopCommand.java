package dev.scc.cli.commands.runtime;

import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.Session;
import dev.scc.core.runtime.RuntimeBackend;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc stop}: removes a session's agent, proxy and network (the provider's home volume stays for resume). */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a session (or --all live sessions).")
public final class StopCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Stop every live session.")
    boolean all;

    @Parameters(arity = "0..1", paramLabel = "SESSION", description = "Session id or unique prefix.")
    String session;

    private final Supplier<? extends RuntimeBackend> backends;
    private final java.util.Optional<dev.scc.cli.CliServices> services;

    public StopCommand(dev.scc.cli.CliServices services) {
        this.backends = RuntimeCli.defaultBackend(services);
        this.services = java.util.Optional.of(services);
    }

    StopCommand(Supplier<? extends RuntimeBackend> backends) {
        this.backends = backends;
        this.services = java.util.Optional.empty();
    }

    @Override
    public Integer call() {
        if (all == (session != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a SESSION or --all (not both)");
        }
        PrintWriter out = spec.commandLine().getOut();
        return RuntimeCli.with(backends, b -> {
            List<String> ids = all ? b.sessions().stream().filter(Session::live).map(Session::id).toList()
                    : List.of(session);
            if (ids.isEmpty()) {
                out.println("no live sessions");
            }
            for (String id : ids) {
                Session s = b.stop(id);
                out.println("stopped " + s.id() + " (" + s.provider() + ", " + s.workspace() + ")");
                // a detached session's background checkpointer ends with it (by its PID)
                services.ifPresent(cs -> DetachedCheckpointer.stop(cs.env(), s.id()));
                services.ifPresent(cs -> reviewHint(cs, s, out));
            }
            out.flush();
            return ExitCodes.OK;
        });
    }

    /** Says whether files the host runs changed during the session (the review itself is 'scc review'). */
    private static void reviewHint(dev.scc.cli.CliServices cs, Session s, PrintWriter out) {
        try {
            var store = WorkspaceCheckpoints.existing(cs.env(), s.workspace(), cs.clock());
            var base = WorkspaceReview.baseline(store, java.util.Optional.of(s.startedAt()));
            var changes = WorkspaceReview.changes(store, base, s.workspace(),
                    WorkspaceReview.reviewed(cs.env(), s.workspace(),
                            dev.scc.core.runtime.WorkspaceProtection.forProviders(cs.providers().all())));
            if (!changes.isEmpty()) {
                out.println("  " + changes.size() + " change(s) to files the host runs or trusts (e.g. "
                        + changes.get(0).path() + "): review them before using the workspace: 'scc review "
                        + s.workspace() + "'");
            }
        } catch (dev.scc.checkpoint.CheckpointException e) {
            out.println("  no review possible: " + e.getMessage());
        }
    }
}
