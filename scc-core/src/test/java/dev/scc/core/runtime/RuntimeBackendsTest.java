package dev.scc.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeBackendsTest {

    record Stub(String id) implements RuntimeBackend {
        @Override public Availability availability() { return new Availability.Unavailable("stub", "none"); }
        @Override public Session launch(LaunchSpec spec) { throw new UnsupportedOperationException(); }
        @Override public List<Session> sessions() { return List.of(); }
        @Override public Optional<Session> session(String idOrPrefix) { return Optional.empty(); }
        @Override public Session stop(String sessionId) { throw new UnsupportedOperationException(); }
        @Override public PruneReport prune() { return new PruneReport(List.of(), List.of(), List.of()); }
        @Override public List<String> agentCommand(String provider, boolean resume) { return List.of(); }
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
