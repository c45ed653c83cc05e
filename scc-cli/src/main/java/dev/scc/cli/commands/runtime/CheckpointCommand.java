package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointException;
import dev.scc.checkpoint.CheckpointStore;
import dev.scc.cli.CliServices;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc checkpoint}: take a checkpoint of a workspace now (host-side; the agent cannot reach the store). */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Take a checkpoint of a workspace now (default: the current directory's).")
public final class CheckpointCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--reason", description = "Why (shown by 'scc checkpoints'); default: manual.")
    String reason = "manual";

    @Mixin
    JsonOption jsonOption;

    @Parameters(arity = "0..1", paramLabel = "WORKSPACE")
    Path workspace;

    private final CliServices services;

    public CheckpointCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Path ws = CheckpointsCommand.workspace(services, workspace);
        PrintWriter out = spec.commandLine().getOut();
        try {
            CheckpointStore store = WorkspaceCheckpoints.open(services.env(), ws, services.clock());
            Checkpoint c = store.create(ws, reason);
            if (jsonOption.enabled()) {
                RuntimeCli.printJson(out, "Checkpoint", CheckpointsCommand.json(c, ws));
            } else {
                out.printf("checkpoint %s of %s: %d files, %d directories, %d links, %s (%s new)%n", c.id(), ws,
                        c.files(), c.directories(), c.links(), CheckpointsCommand.size(c.bytes()),
                        CheckpointsCommand.size(c.newBytes()));
                store.lastSkipped().forEach(p -> out.println("  left out (unreadable): " + p));
            }
            out.flush();
            return 0;
        } catch (CheckpointException e) {
            throw WorkspaceCheckpoints.error(e);
        }
    }
}
