package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointException;
import dev.scc.checkpoint.CheckpointStore;
import dev.scc.checkpoint.RestoreReport;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.Session;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc restore}: bring a checkpoint back, byte for byte, into its workspace (whose current state is
 * checkpointed first) or into a new directory. A workspace with a live session is refused (the sandbox holds its
 * directories open): stop the session first, or restore elsewhere with {@code --to}.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a checkpoint (default: the newest) into its workspace, or --to a new directory.")
public final class RestoreCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Whose checkpoints (default: the current directory's).")
    Path workspace;

    @Option(names = "--to", paramLabel = "DIR", description = "Restore into DIR (absent or empty) instead of the workspace.")
    Path to;

    @Mixin
    JsonOption jsonOption;

    @Parameters(arity = "0..1", paramLabel = "CHECKPOINT", description = "Checkpoint id or unique prefix.")
    String checkpoint;

    private final CliServices services;

    public RestoreCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Path ws = CheckpointsCommand.workspace(services, workspace);
        PrintWriter out = spec.commandLine().getOut();
        try {
            CheckpointStore store = WorkspaceCheckpoints.existing(services.env(), ws, services.clock());
            List<Checkpoint> all = store.list();
            if (all.isEmpty()) {
                throw new SccException(Kind.NOT_FOUND, "no checkpoints of " + ws, "", null);
            }
            String id = checkpoint != null ? checkpoint : all.get(all.size() - 1).id();
            Path target;
            if (to != null) {
                target = services.workingDir().resolve(to).toAbsolutePath().normalize();
                if (Files.exists(target) && !(Files.isDirectory(target) && isEmpty(target))) {
                    throw new SccException(Kind.INVALID, "--to " + target + " exists and is not an empty "
                            + "directory; nothing was restored", "", null);
                }
            } else {
                List<Session> live = WorkspaceCheckpoints.sessions(services).stream()
                        .filter(s -> s.live() && s.workspace().equals(ws)).toList();
                if (!live.isEmpty()) {
                    throw new SccException(Kind.FAILED, "workspace " + ws + " has a live session "
                            + live.get(0).id() + "; nothing was restored\n  fix: stop it first ('scc stop "
                            + live.get(0).id() + "'), or restore elsewhere with --to DIR", "", null);
                }
                target = ws;
            }
            RestoreReport r = store.restore(id, target);
            if (jsonOption.enabled()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("restored", CheckpointsCommand.json(r.checkpoint(), ws));
                m.put("target", r.target().toString());
                m.put("before", r.before().map(b -> CheckpointsCommand.json(b, ws)).orElse(null));
                RuntimeCli.printJson(out, "Restore", m);
            } else {
                out.printf("restored checkpoint %s (%s, %s) into %s%n", r.checkpoint().id(), r.checkpoint().reason(),
                        r.checkpoint().created(), r.target());
                r.before().ifPresent(b -> out.printf("the state before is checkpoint %s: 'scc restore %s' undoes this%n",
                        b.id(), b.id()));
            }
            out.flush();
            return 0;
        } catch (CheckpointException e) {
            throw WorkspaceCheckpoints.error(e);
        }
    }

    private static boolean isEmpty(Path d) {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
