package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.ExecResult;
import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.LogSource;
import dev.scc.core.runtime.NetworkDenial;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.Session;
import dev.scc.testkit.runtime.InMemoryRuntimeBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract fails a backend that breaks it: it is not a kit every backend passes whatever it does. */
class RuntimeContractCatchesBrokenBackendsTest {

    /** Forwards everything to an in-memory backend; the broken backends below override one thing each. */
    static class Forwarding implements RuntimeBackend {
        final RuntimeBackend d;

        Forwarding(RuntimeBackend d) {
            this.d = d;
        }

        @Override public String id() { return d.id(); }
        @Override public Availability availability() { return d.availability(); }
        @Override public LaunchPlan plan(LaunchSpec spec) { return d.plan(spec); }
        @Override public Session launch(LaunchSpec spec) { return d.launch(spec); }
        @Override public List<Session> sessions() { return d.sessions(); }
        @Override public Optional<Session> session(String idOrPrefix) { return d.session(idOrPrefix); }
        @Override public boolean running(Session s) { return d.running(s); }
        @Override public ExecResult exec(Session s, List<String> argv) { return d.exec(s, argv); }
        @Override public long attach(Session s, List<String> argv, InputStream in, OutputStream out) {
            return d.attach(s, argv, in, out);
        }
        @Override public String logs(Session s, LogSource source) { return d.logs(s, source); }
        @Override public List<NetworkDenial> networkLog(String sessionId) { return d.networkLog(sessionId); }
        @Override public Session stop(String sessionId) { return d.stop(sessionId); }
        @Override public PruneReport prune(boolean dryRun) { return d.prune(dryRun); }
        @Override public List<String> agentCommand(String provider, boolean resume) {
            return d.agentCommand(provider, resume);
        }
    }

    /** A contract over {@code broken} (the failing backend launches and then throws, leaving what it made). */
    static RuntimeContract contractOf(InMemoryRuntimeBackend.World world, RuntimeBackend broken) {
        return new RuntimeContract() {
            @Override public RuntimeBackend backend() { return broken; }
            @Override public RuntimeBackend failingBackend() {
                return new Forwarding(new InMemoryRuntimeBackend(world, Clock.systemUTC(), -1)) {
                    @Override public Session launch(LaunchSpec spec) {
                        d.launch(spec);
                        throw new RuntimeBackendException(RuntimeBackendException.Kind.FAILED, "late failure", "");
                    }
                };
            }
            @Override public boolean exists(RuntimeObject o) { return world.exists(o.name()); }
            @Override public List<String> leftovers(Path ws) { return world.objectsOf(Session.workspaceHash(ws)); }
        };
    }

    @Test
    void aLaunchThatFailsWithoutRollingBackFailsTheContract(@TempDir Path ws) {
        var world = new InMemoryRuntimeBackend.World();
        RuntimeContract c = contractOf(world, new InMemoryRuntimeBackend(world, Clock.systemUTC(), -1));
        assertThatThrownBy(() -> c.aFailedLaunchLeavesNothingBehind(ws)).isInstanceOf(AssertionError.class);
    }

    @Test
    void aStopThatOnlyMarksTheRecordFailsTheContract(@TempDir Path ws) {
        var world = new InMemoryRuntimeBackend.World();
        RuntimeBackend forgetful = new Forwarding(new InMemoryRuntimeBackend(world, Clock.systemUTC(), -1)) {
            @Override public Session stop(String id) {
                return d.session(id).orElseThrow().stopped(java.time.Instant.EPOCH);
            }
        };
        assertThatThrownBy(() -> contractOf(world, forgetful).sessionsAndStopAreIdempotentAndVisibleAcrossInstances(ws))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void sessionsThatOtherInstancesCannotSeeFailTheContract(@TempDir Path ws) {
        var world = new InMemoryRuntimeBackend.World();
        // Each instance on a world of its own: like a backend that keeps its records in memory only.
        RuntimeContract c = new RuntimeContract() {
            @Override public RuntimeBackend backend() { return new InMemoryRuntimeBackend(); }
            @Override public RuntimeBackend failingBackend() { return new InMemoryRuntimeBackend(world, Clock.systemUTC(), 0); }
            @Override public boolean exists(RuntimeObject o) { return true; }
            @Override public List<String> leftovers(Path w) { return List.of(); }
        };
        assertThatThrownBy(() -> c.sessionsAndStopAreIdempotentAndVisibleAcrossInstances(ws))
                .isInstanceOf(AssertionError.class);
    }
}
