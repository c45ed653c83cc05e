package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointException;
import dev.scc.checkpoint.CheckpointStore;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.Session;
import dev.scc.core.runtime.WorkspaceProtection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc review}: the changes an agent made to workspace files the host runs or trusts (and git repositories it
 * nested in the workspace), each with a diff against the launch checkpoint; {@code --discard} puts the launch state
 * back, {@code --keep} accepts them. Review before running git, direnv or an editor on the workspace.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Show (and keep or discard) changes to workspace files the host runs, since launch.")
public final class ReviewCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--discard", description = "Put the launch state of every changed path back.")
    boolean discard;

    @Option(names = "--keep", description = "Accept the changes (nothing is modified).")
    boolean keep;

    @Mixin
    JsonOption jsonOption;

    @Parameters(arity = "0..1", paramLabel = "SESSION|WORKSPACE")
    String target;

    private final CliServices services;

    public ReviewCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (discard && keep) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--keep or --discard, not both");
        }
        Path ws = CheckpointsCommand.workspaceOf(services, target);
        Optional<Instant> started = WorkspaceCheckpoints.sessions(services).stream()
                .filter(s -> s.workspace().equals(ws)).map(Session::startedAt).max(java.util.Comparator.naturalOrder());
        PrintWriter out = spec.commandLine().getOut();
        try {
            CheckpointStore store = WorkspaceCheckpoints.existing(services.env(), ws, services.clock());
            Checkpoint base = WorkspaceReview.baseline(store, started);
            List<WorkspaceReview.Change> changes = WorkspaceReview.changes(store, base, ws,
                    WorkspaceReview.reviewed(services.env(), ws,
                            WorkspaceProtection.forProviders(services.providers().all())));
            if (discard && !changes.isEmpty()) {
                store.create(ws, "before-review-discard");
                WorkspaceReview.discard(store, base, ws, changes);
            }
            if (jsonOption.enabled()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("workspace", ws.toString());
                m.put("baseline", base.id());
                m.put("decision", discard ? "discarded" : keep ? "kept" : "none");
                m.put("changes", changes.stream().map(c -> Map.of("path", c.path(), "change", c.kind(), "why", c.why(),
                        "before", c.before().orElse(""), "after", c.after().orElse(""))).toList());
                RuntimeCli.printJson(out, "Review", m);
            } else if (changes.isEmpty()) {
                out.println("no changes to files the host runs or trusts since launch checkpoint " + base.id());
            } else {
                out.println(changes.size() + " change(s) to files the host runs or trusts since launch checkpoint "
                        + base.id() + ":");
                for (WorkspaceReview.Change c : changes) {
                    out.println(c.kind() + " " + c.path() + "  (" + c.why() + ")");
                    if (!discard) {
                        WorkspaceReview.diff(store, base, ws, c).lines().forEach(l -> out.println("    " + l));
                    }
                }
                out.println(discard ? "discarded: the launch state is back (the state before is a checkpoint)"
                        : keep ? "kept" : "keep them with 'scc review --keep', or put the launch state back with "
                                + "'scc review --discard'");
            }
            out.flush();
            return changes.isEmpty() || discard || keep ? ExitCodes.OK : ExitCodes.GOVERNANCE;
        } catch (CheckpointException e) {
            throw WorkspaceCheckpoints.error(e);
        } catch (java.io.IOException e) {
            throw new SccException(Kind.FAILED, "cannot discard the changes in " + ws + ": "
                    + e.getMessage(), "", e);
        }
    }
}
