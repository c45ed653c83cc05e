package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.ExecResult;
import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.LogSource;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link RuntimeBackend} must pass, ours and third parties'. Implement it in a test class of the
 * backend (an {@code *IT} when it needs a real engine):
 *
 * <pre>{@code
 * class MyBackendContractIT implements RuntimeContract {
 *     public RuntimeBackend backend() { return new MyBackend(sharedConfig); }
 *     public RuntimeBackend failingBackend() { return new MyBackend(sharedConfig.withBrokenProxyImage()); }
 *     public boolean exists(RuntimeObject o) { return engine.inspect(o.name()).isPresent(); }
 *     public List<String> leftovers(Path workspace) { return engine.namesLabelled(hash(workspace)); }
 * }
 * }</pre>
 *
 * {@link #exists} and {@link #leftovers} ask the engine directly, never the backend's own bookkeeping, so a backend
 * cannot pass by forgetting what it created. Every test stops what it launched.
 */
public interface RuntimeContract {

    /**
     * A new backend instance. Two calls give two instances configured alike (one engine, one state directory): what
     * one launches the other sees, as a second {@code scc} process would.
     */
    RuntimeBackend backend();

    /**
     * A backend configured alike whose {@link RuntimeBackend#launch} fails after it created some of a session's objects
     * (e.g. an egress proxy image that exits at start).
     */
    RuntimeBackend failingBackend();

    /** True when the engine itself holds {@code object} (asked directly, not through the backend). */
    boolean exists(RuntimeObject object);

    /** What the engine holds for sessions on {@code workspace} (asked directly, not through the backend). */
    List<String> leftovers(Path workspace);

    /**
     * The spec the contract launches on {@code workspace}; the default is claude under
     * {@code web-egress-enforced} with one allowed host, the posture with the most objects.
     */
    default LaunchSpec spec(Path workspace) {
        return LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("example.test"));
    }

    /** A command the sandbox runs that prints {@code text} and a newline on standard output. */
    default List<String> echo(String text) {
        return List.of("echo", text);
    }

    /** A command the sandbox runs that exits with status 3 and prints nothing. */
    default List<String> exitThree() {
        return List.of("sh", "-c", "exit 3");
    }

    /**
     * Whether the contract may run a real {@link RuntimeBackend#prune()}. A backend on an engine shared with other
     * users (a developer machine, a CI host running suites in parallel) answers false: prune then only plans
     * ({@code prune(true)}), since a real one removes every idle SCC object on the engine, not only the test's.
     */
    default boolean mayPrune() {
        return true;
    }

    private Session launched(RuntimeBackend b, Path ws) {
        return b.launch(spec(ws));
    }

    private void stopQuietly(Session s) {
        try (RuntimeBackend b = backend()) {
            b.stop(s.id());
        }
    }

    @Test
    default void planCreatesNothingAndNamesTheAgentsSandbox(@TempDir Path ws) {
        try (RuntimeBackend b = backend()) {
            int before = b.sessions().size();
            LaunchPlan plan = b.plan(spec(ws));
            assertThat(plan.backend()).isEqualTo(b.id());
            assertThat(plan.spec()).isEqualTo(spec(ws));
            assertThat(plan.workspaceHash()).isEqualTo(Session.workspaceHash(ws));
            assertThat(plan.objects()).extracting(RuntimeObject::role).contains(Session.AGENT);
            assertThat(plan.mounts()).anySatisfy(m -> assertThat(m.source()).isEqualTo(ws.toString()));
            assertThat(plan.agentCommand()).isNotEmpty();
            assertThat(leftovers(ws)).isEmpty();
            assertThat(b.sessions()).hasSize(before);
        }
    }

    @Test
    default void launchReturnsALiveSessionWhoseObjectsAllExist(@TempDir Path ws) {
        try (RuntimeBackend b = backend()) {
            Session s = launched(b, ws);
            try {
                assertThat(s.live()).isTrue();
                assertThat(s.backend()).isEqualTo(b.id());
                assertThat(s.workspace()).isEqualTo(ws.toAbsolutePath().normalize());
                assertThat(s.workspaceHash()).isEqualTo(Session.workspaceHash(ws));
                assertThat(s.objects()).isNotEmpty();
                assertThat(s.objects().get(0).role()).as("the agent's sandbox comes first").isEqualTo(Session.AGENT);
                assertThat(s.objects()).allSatisfy(o -> assertThat(exists(o)).as(o.toString()).isTrue());
                assertThat(b.running(s)).isTrue();
                assertThat(b.session(s.id())).contains(s);
                assertThat(b.sessions()).contains(s);
            } finally {
                stopQuietly(s);
            }
        }
    }

    @Test
    default void aFailedLaunchLeavesNothingBehind(@TempDir Path ws) {
        try (RuntimeBackend failing = failingBackend(); RuntimeBackend b = backend()) {
            assertThatThrownBy(() -> failing.launch(spec(ws))).isInstanceOf(RuntimeBackendException.class);
            assertThat(leftovers(ws)).isEmpty();
            assertThat(b.sessions()).noneMatch(s -> s.live() && s.workspace().equals(ws.toAbsolutePath().normalize()));
            // Nothing left means nothing in the way: the workspace launches normally afterwards.
            Session s = launched(b, ws);
            stopQuietly(s);
        }
    }

    @Test
    default void aSecondLaunchOnTheWorkspaceConflictsAndResumeReturnsTheSameSession(@TempDir Path ws) {
        try (RuntimeBackend b = backend()) {
            Session s = launched(b, ws);
            try {
                int objects = leftovers(ws).size();
                assertThatThrownBy(() -> b.launch(spec(ws))).isInstanceOf(RuntimeBackendException.class)
                        .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.CONFLICT);
                assertThat(leftovers(ws)).hasSize(objects);
                try (RuntimeBackend other = backend()) {
                    assertThat(other.launch(spec(ws).withResume(true)).id()).isEqualTo(s.id());
                }
            } finally {
                stopQuietly(s);
            }
        }
    }

    @Test
    default void sessionsAndStopAreIdempotentAndVisibleAcrossInstances(@TempDir Path ws) {
        Session s;
        try (RuntimeBackend first = backend()) {
            s = launched(first, ws);
        }
        try (RuntimeBackend second = backend()) {
            assertThat(second.session(s.id())).contains(s);
            assertThat(second.session(s.id().substring(0, 6)).map(Session::id)).contains(s.id());
            assertThat(second.sessions()).isEqualTo(second.sessions());
            Session stopped = second.stop(s.id());
            assertThat(stopped.live()).isFalse();
            assertThat(s.objects()).allSatisfy(o -> assertThat(exists(o)).as(o.toString()).isFalse());
            assertThat(second.running(s)).isFalse();
        }
        try (RuntimeBackend third = backend()) {
            assertThat(third.session(s.id()).orElseThrow().live()).isFalse();
            Session again = third.stop(s.id());
            assertThat(again.live()).isFalse();
            assertThat(again.stoppedAt()).isEqualTo(third.stop(s.id()).stoppedAt());
        }
    }

    @Test
    default void anUnknownSessionIsNotFound() {
        try (RuntimeBackend b = backend()) {
            assertThat(b.session("0000deadbeef")).isEmpty();
            assertThatThrownBy(() -> b.stop("0000deadbeef")).isInstanceOf(RuntimeBackendException.class)
                    .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.NOT_FOUND);
            assertThatThrownBy(() -> b.networkLog("0000deadbeef")).isInstanceOf(RuntimeBackendException.class)
                    .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.NOT_FOUND);
        }
    }

    @Test
    default void pruneKeepsLiveSessionsAndIsIdempotent(@TempDir Path ws) {
        try (RuntimeBackend b = backend()) {
            Session s = launched(b, ws);
            try {
                PruneReport first = b.prune(!mayPrune());
                PruneReport second = b.prune(!mayPrune());
                for (PruneReport r : List.of(first, second)) {
                    assertThat(r.sessions()).doesNotContain(s.id());
                    assertThat(r.objects()).extracting(RuntimeObject::name)
                            .doesNotContainAnyElementsOf(s.objects().stream().map(RuntimeObject::name).toList());
                }
                if (mayPrune()) {
                    assertThat(second.objects()).as("a second prune finds nothing left").isEmpty();
                }
                assertThat(s.objects()).allSatisfy(o -> assertThat(exists(o)).as(o.toString()).isTrue());
                assertThat(b.session(s.id()).orElseThrow().live()).isTrue();
            } finally {
                stopQuietly(s);
            }
            PruneReport afterStop = b.prune(true);
            assertThat(afterStop.objects()).extracting(RuntimeObject::name).as("stop removed the session's objects")
                    .doesNotContainAnyElementsOf(s.objects().stream().map(RuntimeObject::name).toList());
            assertThat(afterStop.sessions()).doesNotContain(s.id());
        }
    }

    @Test
    default void execRunsInTheSandboxAndLogsAreReadable(@TempDir Path ws) {
        try (RuntimeBackend b = backend()) {
            Session s = launched(b, ws);
            try {
                ExecResult hello = b.exec(s, echo("contract-hello"));
                assertThat(hello.exitCode()).as(hello.stderr()).isZero();
                assertThat(hello.stdout()).isEqualTo("contract-hello\n");
                assertThat(b.exec(s, exitThree()).exitCode()).isEqualTo(3);
                assertThat(b.logs(s, LogSource.AGENT)).isNotNull();
                assertThat(b.logs(s, LogSource.EGRESS)).isNotNull();
                if (s.posture() == NetworkPosture.WEB_EGRESS_ENFORCED) {
                    assertThat(b.networkLog(s.id())).isNotNull();
                }
            } finally {
                stopQuietly(s);
            }
            assertThatThrownBy(() -> b.exec(s, echo("after stop"))).isInstanceOf(RuntimeBackendException.class);
        }
    }
}
