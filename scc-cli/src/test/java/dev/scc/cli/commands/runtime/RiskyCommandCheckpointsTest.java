package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointStore;
import dev.scc.safety.evaluator.CheckpointRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's side of "checkpoint before a risky command", against the evaluator's real request channel
 * ({@link CheckpointRequests}): the session's checkpointer answers a request with a checkpoint of the workspace as it
 * is at that moment (nothing deferred), rate-limited, and drops requests the evaluator gave up long ago.
 */
class RiskyCommandCheckpointsTest {
    @TempDir
    Path tmp;

    @Test
    void aRequestFromTheEvaluatorGetsACheckpointOfTheLatestStateBeforeTheCommandRuns() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("work.txt"), "v1");
        Map<String, String> env = Map.of("XDG_STATE_HOME", tmp.resolve("state").toString(), "HOME", tmp.toString(),
                "SCC_CHECKPOINT_INTERVAL", "0");
        WorkspaceCheckpoints.atLaunch(env, ws, Clock.systemUTC(), new java.io.PrintWriter(System.err));
        Path requests = WorkspaceCheckpoints.requestDir(env, "abc123");
        try (AutoCloseable checkpointer = WorkspaceCheckpoints.session(env, ws, Clock.systemUTC(), Optional.of(requests))) {
            // written a moment before the risky command: a periodic (settling) checkpoint would defer it
            Files.writeString(ws.resolve("work.txt"), "v2, written just now");
            CheckpointRequests evaluator = new CheckpointRequests(requests, Duration.ofSeconds(60));
            Optional<String> id = evaluator.before("git.reset_hard");
            assertThat(id).as("the host answered with a checkpoint").isPresent();
            CheckpointStore store = WorkspaceCheckpoints.existing(env, ws, Clock.systemUTC());
            Checkpoint c = store.find(id.get()).orElseThrow();
            assertThat(c.reason()).isEqualTo("risky-command");
            assertThat(new String(store.content(c.id(), "work.txt"), StandardCharsets.UTF_8)).isEqualTo("v2, written just now");

            assertThat(evaluator.before("rm -r /workspace/src")).as("within the rate limit: the previous checkpoint")
                    .isEqualTo(id);
            Thread.sleep(WorkspaceCheckpoints.RISKY_MIN_INTERVAL.toMillis() + 100);
            Files.writeString(ws.resolve("work.txt"), "v3");
            Optional<String> next = evaluator.before("git.clean_force");
            assertThat(next).isPresent().isNotEqualTo(id);
            assertThat(new String(store.content(next.get(), "work.txt"), StandardCharsets.UTF_8)).isEqualTo("v3");
        }
        try (var left = Files.list(requests)) {
            assertThat(left).as("requests and answers consumed").isEmpty();
        }
    }

    @Test
    void staleRequestsAreDroppedAndPendingOnesShareOneCheckpoint() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("requests"));
        long now = System.currentTimeMillis();
        Files.writeString(dir.resolve((now - 60_000) + "-old.req"), "git.reset_hard\n");
        Files.writeString(dir.resolve(now + "-a.req"), "git.reset_hard\n");
        Files.writeString(dir.resolve(now + "-b.req"), "rm -r /workspace/x\n");
        int[] taken = {0};
        Checkpoint c = new Checkpoint("20261207-040000-abcdef01", java.time.Instant.now(), "risky-command", 1, 1, 0, 1, 1);
        WorkspaceCheckpoints.answer(dir, Clock.systemUTC(), tmp.resolve("store"), () -> {
            taken[0]++;
            return c;
        });
        assertThat(taken[0]).isEqualTo(1);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(now + "-a.done", now + "-b.done");
        }
        assertThat(Files.readString(dir.resolve(now + "-a.done"))).isEqualTo(c.id() + "\n");
        WorkspaceCheckpoints.answer(dir, Clock.systemUTC(), tmp.resolve("store"), () -> {
            throw new AssertionError("no pending request: no checkpoint");
        });
    }
}
