package dev.scc.cli.commands.runtime;

import dev.scc.checkpoint.CheckpointException;
import dev.scc.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * Run inside a container by {@link CheckpointBadInputIT}, where the store or the target sits on a full or read-only
 * file system: {@code checkpoint WS STORE} or {@code restore STORE ID TARGET}. Prints {@code OK <id>} or
 * {@code ERROR <message>}.
 */
public final class CheckpointProbe {
    private CheckpointProbe() {}

    public static void main(String[] a) {
        try {
            if (a[0].equals("checkpoint")) {
                System.out.println("OK " + CheckpointStore.open(Path.of(a[2]), Set.of(), Clock.systemUTC())
                        .create(Path.of(a[1]), "probe").id());
            } else {
                System.out.println("OK " + CheckpointStore.existing(Path.of(a[1]), Set.of(), Clock.systemUTC())
                        .restore(a[2], Path.of(a[3])).checkpoint().id());
            }
        } catch (CheckpointException e) {
            System.out.println("ERROR " + e.getMessage());
            if (a[0].equals("checkpoint")) {
                // what a failed checkpoint left in the store: manifests, summaries, temporary files
                for (String sub : new String[] {"checkpoints", "tmp"}) {
                    try (var s = java.nio.file.Files.list(Path.of(a[2], sub))) {
                        System.out.println("LEFT " + sub + " " + s.count());
                    } catch (java.io.IOException io) {
                        System.out.println("LEFT " + sub + " ?");
                    }
                }
            }
        }
    }
}
