package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.checkpoint.CheckpointStore;
import dev.scc.safety.evaluator.CheckpointRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detached session's checkpointer is a real background process: it takes periodic checkpoints and answers the
 * evaluator's requests before risky commands with nobody attached, and {@code scc stop}'s step ends it by its PID.
 */
class DetachedCheckpointerTest {
    @TempDir
    Path tmp;

    @Test
    void theBackgroundCheckpointerChecksPointsTheWorkspaceUntilStopEndsItByPid() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("work.txt"), "v1");
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        env.put("SCC_CHECKPOINT_INTERVAL", "1");
        String sid = "d3tach3d0001";
        WorkspaceCheckpoints.atLaunch(env, ws, Clock.systemUTC(), new java.io.PrintWriter(System.err));
        Optional<Long> pid = DetachedCheckpointer.spawn(env, ws, sid);
        assertThat(pid).as("started: " + log(env)).isPresent();
        boolean stopped;
        try {
            assertThat(DetachedCheckpointer.running(env, sid)).as("its PID file names a live checkpointer")
                    .map(ProcessHandle::pid).isEqualTo(pid);
            assertThat(DetachedCheckpointer.spawn(env, ws, sid)).as("a second detach finds the same one").isEqualTo(pid);
            Files.writeString(ws.resolve("work.txt"), "v2");
            Optional<String> risky = new CheckpointRequests(WorkspaceCheckpoints.requestDir(env, sid),
                    Duration.ofMinutes(2)).before("git.reset_hard");
            assertThat(risky).as("the background process answered the evaluator's request").isPresent();
            CheckpointStore store = WorkspaceCheckpoints.existing(env, ws, Clock.systemUTC());
            assertThat(new String(store.content(risky.get(), "work.txt"))).isEqualTo("v2");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (store.list().stream().noneMatch(c -> c.reason().equals("periodic")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(store.list()).as("periodic checkpoints with nobody attached")
                    .anyMatch(c -> c.reason().equals("periodic"));
        } finally {
            stopped = DetachedCheckpointer.stop(env, sid);
        }
        assertThat(stopped).as("stop found it running: " + log(env)).isTrue();
        assertThat(ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)).as("ended by its PID").isFalse();
        assertThat(DetachedCheckpointer.pidFile(env, sid)).doesNotExist();
        assertThat(DetachedCheckpointer.stop(env, sid)).as("nothing left to stop").isFalse();
        assertThat(log(env)).contains("checkpointer of session " + sid).contains("ends");
    }

    private static String log(Map<String, String> env) {
        try {
            return Files.readString(dev.scc.policy.audit.SccState.root(env).resolve("checkpoints/checkpointer.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
