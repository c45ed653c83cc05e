package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.checkpoint.CheckpointStore;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import dev.scc.safety.evaluator.CheckpointRequests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint store removed while a session runs: the session's checkpointer says so in its log (the terminal
 * belongs to the agent), answers the evaluator's requests so a risky command proceeds after no wait beyond the
 * bounded one, keeps running, and checkpoints again once a store is back; the CLI says clearly that there is nothing
 * to list or restore, and nothing in the workspace is touched.
 */
class CheckpointStoreRemovedMidSessionTest {
    @TempDir
    Path tmp;

    @Test
    void theSessionsCheckpointerLogsItKeepsRunningAndRecovers() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("work.txt"), "v1");
        Map<String, String> env = Map.of("XDG_STATE_HOME", tmp.resolve("state").toString(), "HOME", tmp.toString(),
                "SCC_CHECKPOINT_INTERVAL", "0");
        WorkspaceCheckpoints.atLaunch(env, ws, Clock.systemUTC(), new PrintWriter(System.err));
        Path storeDir = WorkspaceCheckpoints.storeDir(env, ws);
        Path requests = WorkspaceCheckpoints.requestDir(env, "s1");
        try (AutoCloseable checkpointer = WorkspaceCheckpoints.session(env, ws, Clock.systemUTC(), Optional.of(requests))) {
            CheckpointRequests evaluator = new CheckpointRequests(requests, Duration.ofSeconds(10));
            assertThat(evaluator.before("git.reset_hard")).as("a checkpoint while the store is there").isPresent();

            try (var walk = Files.walk(storeDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Thread.sleep(WorkspaceCheckpoints.RISKY_MIN_INTERVAL.toMillis() + 100);
            long t0 = System.nanoTime();
            assertThat(evaluator.before("git.clean_force")).as("answered without a checkpoint: the command proceeds")
                    .isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered, not left to the evaluator's wait")
                    .isLessThan(Duration.ofSeconds(10));
            String log = Files.readString(storeDir.getParent().resolve("checkpointer.log"));
            assertThat(log).contains(storeDir.getFileName().toString()).containsAnyOf("is gone", "no checkpoint store");
            assertThat(ws.resolve("work.txt")).hasContent("v1");
            assertThat(storeDir).as("the checkpointer does not quietly recreate a store someone removed").doesNotExist();

            // a store is back (the next 'scc checkpoint' or launch creates one): the same checkpointer uses it
            WorkspaceCheckpoints.open(env, ws, Clock.systemUTC()).create(ws, "manual");
            Files.writeString(ws.resolve("work.txt"), "v2");
            Thread.sleep(WorkspaceCheckpoints.RISKY_MIN_INTERVAL.toMillis() + 100);
            Optional<String> again = evaluator.before("git.checkout_dot");
            assertThat(again).as("the checkpointer kept running").isPresent();
            CheckpointStore store = WorkspaceCheckpoints.existing(env, ws, Clock.systemUTC());
            assertThat(new String(store.content(again.get(), "work.txt"), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("v2");
        }
    }

    @Test
    void theCliSaysThereIsNoStoreAndRestoresNothing() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(ws.resolve("a.txt"), "work\n");
        CliServices services = new CliServices(Map.of("HOME", tmp.resolve("home").toString(), "XDG_STATE_HOME",
                tmp.resolve("state").toString()), tmp.resolve("home"), Clock.systemUTC(), ws, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, "checkpoint", "--reason",
                "launch")).as(err.toString()).isZero();
        Path storeDir = WorkspaceCheckpoints.storeDir(services.env(), ws.toAbsolutePath());
        try (var walk = Files.walk(storeDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(ws.resolve("a.txt"), "later\n");
        for (String[] args : new String[][] {{"checkpoints"}, {"restore"}, {"review"}}) {
            StringWriter e = new StringWriter();
            int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true), services, args);
            assertThat(code).as(String.join(" ", args)).isNotZero();
            assertThat(e.toString()).as(String.join(" ", args)).contains("no checkpoint store");
        }
        assertThat(ws.resolve("a.txt")).hasContent("later");
        try (var s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("nothing half-restored").containsExactly("a.txt");
        }
    }
}
