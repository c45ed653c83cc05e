package dev.scc.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RuntimeBackendsTest {

    record Stub(String id, boolean up, AtomicInteger probes) implements RuntimeBackend {
        Stub(String id) {
            this(id, false);
        }
        Stub(String id, boolean up) {
            this(id, up, new AtomicInteger());
        }
        @Override public Availability availability() {
            probes.incrementAndGet();
            return up ? new Availability.Available("1", "1") : new Availability.Unavailable("stub", "none");
        }
        @Override public LaunchPlan plan(LaunchSpec spec) { throw new UnsupportedOperationException(); }
        @Override public Session launch(LaunchSpec spec) { throw new UnsupportedOperationException(); }
        @Override public List<Session> sessions() { return List.of(); }
        @Override public Optional<Session> session(String idOrPrefix) { return Optional.empty(); }
        @Override public boolean running(Session s) { return false; }
        @Override public ExecResult exec(Session s, List<String> argv) { throw new UnsupportedOperationException(); }
        @Override public long attach(Session s, List<String> argv, InputStream in, OutputStream out) { return -1; }
        @Override public String logs(Session s, LogSource source) { return ""; }
        @Override public List<NetworkDenial> networkLog(String sessionId) { return List.of(); }
        @Override public Session stop(String sessionId) { throw new UnsupportedOperationException(); }
        @Override public PruneReport prune(boolean dryRun) { return new PruneReport(List.of(), List.of()); }
        @Override public List<String> agentCommand(String provider, boolean resume) { return List.of(); }
    }

    private static final RuntimeBackends THREE = new RuntimeBackends(List.of(new Stub("docker"), new Stub("kube", true),
            new Stub("podman", true)));

    @Test
    void flagBeatsEnvironmentBeatsConfiguration() {
        Map<String, String> env = Map.of(RuntimeBackends.ENV, "podman");
        assertThat(THREE.select(Optional.of("docker"), env, Optional.of("kube")).id()).isEqualTo("docker");
        assertThat(THREE.select(Optional.empty(), env, Optional.of("kube")).id()).isEqualTo("podman");
        assertThat(THREE.select(Optional.empty(), Map.of(), Optional.of("docker")).id()).isEqualTo("docker");
    }

    @Test
    void withoutAChoiceTheFirstAnsweringBackendIsDetected() {
        assertThat(THREE.select(Optional.empty(), Map.of(), Optional.empty()).id()).isEqualTo("kube");
    }

    @Test
    void theOnlyBackendIsChosenWithoutProbingIt() {
        Stub only = new Stub("docker");
        RuntimeBackends one = new RuntimeBackends(List.of(only));
        assertThat(one.select(Optional.empty(), Map.of(), Optional.empty())).isSameAs(only);
        assertThat(only.probes()).hasValue(0);
    }

    @Test
    void noAnsweringBackendFallsBackToTheFirstById() {
        RuntimeBackends down = new RuntimeBackends(List.of(new Stub("podman"), new Stub("docker")));
        assertThat(down.select(Optional.empty(), Map.of(), Optional.empty()).id()).isEqualTo("docker");
    }

    @Test
    void anExplicitChoiceThatIsNotInstalledIsAnErrorNotAFallback() {
        assertThatThrownBy(() -> THREE.select(Optional.empty(), Map.of(RuntimeBackends.ENV, "lxc"), Optional.empty()))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("'lxc'").hasMessageContaining("found: docker, kube, podman");
    }

    @Test
    void selectsBackendById() {
        RuntimeBackends r = new RuntimeBackends(List.of(new Stub("docker"), new Stub("podman")));
        assertThat(r.get("podman").id()).isEqualTo("podman");
        assertThat(r.ids()).containsExactlyInAnyOrder("docker", "podman");
    }

    @Test
    void refusesTwoBackendsWithOneId() {
        assertThatThrownBy(() -> new RuntimeBackends(List.of(new Stub("docker"), new Stub("docker"))))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("two runtime backends claim the id 'docker'");
    }

    @Test
    void unknownIdNamesTheIdsFound() {
        RuntimeBackends r = new RuntimeBackends(List.of(new Stub("docker"), new Stub("kube")));
        assertThatThrownBy(() -> r.get("lxc"))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("'lxc'")
                .hasMessageContaining("found: docker, kube")
                .extracting(e -> ((RuntimeBackendException) e).kind())
                .isEqualTo(RuntimeBackendException.Kind.NOT_FOUND);
    }

    @Test
    void emptyRegistrySaysNoneFound() {
        assertThatThrownBy(() -> RuntimeBackends.discover(getClass().getClassLoader()).get("docker"))
                .hasMessageContaining("found: (none)");
    }
}
