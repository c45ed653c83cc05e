package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointException;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.Session;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc checkpoints}: the checkpoints of a session's (or the current directory's) workspace. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        description = "List the checkpoints of a session's workspace (default: the current directory's).")
public final class CheckpointsCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption jsonOption;

    @Parameters(arity = "0..1", paramLabel = "SESSION|WORKSPACE",
            description = "A session id (or unique prefix), or a workspace directory.")
    String target;

    private final CliServices services;

    public CheckpointsCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Path ws = workspaceOf(services, target);
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<Checkpoint> all = WorkspaceCheckpoints.existing(services.env(), ws, services.clock()).list();
            if (jsonOption.enabled()) {
                RuntimeCli.printJson(out, "Checkpoints", all.stream().map(c -> json(c, ws)).toList());
            } else if (all.isEmpty()) {
                out.println("no checkpoints of " + ws);
            } else {
                out.println("checkpoints of " + ws + " (newest last; restore one with 'scc restore ID'):");
                for (Checkpoint c : all) {
                    out.printf("  %s  %-24s %6d files  %9s  (+%s)%n", c.id(), c.reason(), c.files(), size(c.bytes()),
                            size(c.newBytes()));
                }
            }
            out.flush();
            return 0;
        } catch (CheckpointException e) {
            throw WorkspaceCheckpoints.error(e);
        }
    }

    /** A session id or prefix names its workspace; anything else is a directory (default: the working directory). */
    static Path workspaceOf(CliServices services, String target) {
        if (target != null && !target.contains("/") && !target.equals(".")) {
            List<Session> match = WorkspaceCheckpoints.sessions(services).stream()
                    .filter(s -> s.id().startsWith(target)).toList();
            if (match.size() == 1) {
                return match.get(0).workspace();
            }
            if (match.size() > 1) {
                throw new SccException(Kind.INVALID, "session '" + target + "' is ambiguous", "",
                        null);
            }
        }
        return workspace(services, target == null ? null : Path.of(target));
    }

    static Path workspace(CliServices services, Path given) {
        Path ws = given == null ? Launches.defaultWorkspace(services.workingDir())
                : services.workingDir().resolve(given);
        ws = ws.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isDirectory(ws)) {
            throw new SccException(Kind.NOT_FOUND, "workspace " + ws + " is not a directory (and no session "
                    + "has that id)", "", null);
        }
        return ws;
    }

    static Map<String, Object> json(Checkpoint c, Path ws) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("workspace", ws.toString());
        m.put("created", c.created().toString());
        m.put("reason", c.reason());
        m.put("files", c.files());
        m.put("directories", c.directories());
        m.put("links", c.links());
        m.put("bytes", c.bytes());
        m.put("newBytes", c.newBytes());
        return m;
    }

    static String size(long b) {
        return b < 1024 ? b + " B" : b < 1 << 20 ? (b >> 10) + " KiB" : String.format("%.1f MiB", b / 1048576.0);
    }
}
