package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.CredentialBrokerSpec;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.internal.ContainerSpec;
import dev.scc.runtime.docker.internal.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker beside the session: its own container, the credentials on its stdin only, nothing half-launched. */
class CredentialBrokerLaunchTest {
    static final String SECRET = "sk-ant-api03-REALREALREALREALREAL";
    static final String PLACEHOLDER = "sk-ant-api03-PLACEHOLDERxxxxxxxxxx";

    @TempDir Path state;
    @TempDir Path workspace;
    @TempDir Path auditDir;
    FakeEngine engine;
    DockerRuntimeBackend backend;
    final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void setUp() {
        engine = new FakeEngine();
        engine.images.put(ImageNames.DEFAULT.agent("claude"), new Engine.ImageInfo("sha256:a", Map.of()));
        engine.images.put(ImageNames.DEFAULT.proxy(), new Engine.ImageInfo("sha256:p", Map.of()));
        DockerBackendConfig cfg = DockerBackendConfig.fromEnvironment(Map.of("HOME", "/nonexistent"))
                .withStateDir(state);
        backend = new DockerRuntimeBackend(cfg, () -> engine, () -> "s" + ids.incrementAndGet(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private CredentialBrokerSpec broker() {
        return new CredentialBrokerSpec("org.json", "{\"broker\":{}}".getBytes(StandardCharsets.UTF_8),
                Optional.of("backend"), List.of("/opt/scc/lib/*", "/opt/scc/extra.jar"), Optional.empty(),
                auditDir.resolve("audit.jsonl"), false, List.of("anthropic-key"), "/home/dev",
                () -> ("{\"credentials\":{\"anthropic-key\":{\"value\":\"" + SECRET + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8),
                texts -> texts.forEach((where, text) -> {
                    if (text.contains(SECRET)) {
                        throw new IllegalStateException("refusing to launch: credential 'anthropic-key' would reach"
                                + " the sandbox through " + where);
                    }
                }));
    }

    private LaunchSpec brokered(Map<String, String> env) {
        return LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("api.anthropic.com"))
                .withEnv(env).withBroker(broker());
    }

    @Test
    void theBrokerRunsInItsOwnContainerOnTheSessionNetworkWithTheCredentialsOnlyOnItsStandardInput() {
        Session s = backend.launch(brokered(Map.of("ANTHROPIC_BASE_URL", CredentialBrokerSpec.URL + "/anthropic",
                "ANTHROPIC_API_KEY", PLACEHOLDER)));
        ContainerSpec b = engine.containers.get("scc-s1-broker");
        assertThat(b).isNotNull();
        assertThat(b.openStdin()).isTrue();
        assertThat(b.entrypoint()).hasValueSatisfying(argv -> assertThat(argv).contains("dev.scc.broker.BrokerMain",
                "--session", "s1", "--team", "backend", "--listen", "0.0.0.0:8080", "--audit",
                "/var/lib/scc/audit/audit.jsonl", "/opt/scc/broker/cp/0/*:/opt/scc/broker/cp/1.jar"));
        assertThat(b.labels()).containsEntry(Labels.ROLE, "broker").containsEntry(Labels.SESSION, "s1");
        assertThat(b.readOnlyRootfs()).isTrue();
        assertThat(b.mounts()).anySatisfy(m -> assertThat(m).isEqualTo(new ContainerSpec.Mount(auditDir.toString(),
                "/var/lib/scc/audit", false, false)));
        assertThat(b.mounts()).filteredOn(m -> m.target().startsWith("/opt/scc/broker/cp")).allMatch(
                ContainerSpec.Mount::readOnly);
        assertThat(engine.calls).contains("connect scc-s1-broker scc-s1-net as [scc-broker]");
        assertThat(new String(engine.stdins.get("scc-s1-broker"), StandardCharsets.UTF_8)).contains(SECRET);
        assertThat(b.mounts()).anySatisfy(m -> assertThat(m).isEqualTo(new ContainerSpec.Mount(
                state.resolve("s1/broker/org.json").toString(), "/etc/scc/broker/org.json", true, false)));
        assertThat(state.resolve("s1/broker/org.json")).hasContent("{\"broker\":{}}");
        assertThat(engine.files).as("a read-only root file system takes no copied files").doesNotContainKey(
                "scc-s1-broker");
        ContainerSpec agent = engine.containers.get("scc-s1-agent");
        assertThat(agent.env()).containsEntry("ANTHROPIC_API_KEY", PLACEHOLDER)
                .containsEntry("NO_PROXY", "localhost,127.0.0.1,::1,scc-broker")
                .containsEntry("no_proxy", "localhost,127.0.0.1,::1,scc-broker");
        // Nothing but the broker's stdin holds the value: no env, label, command or file of any container.
        for (ContainerSpec c : engine.containers.values()) {
            assertThat(DockerRuntimeBackend.containerTexts(c, engine.files.getOrDefault(c.name(), List.of())).values())
                    .as(c.name()).noneMatch(t -> t.contains(SECRET));
        }
        assertThat(s.objects("broker")).singleElement().satisfies(o -> assertThat(o.name()).isEqualTo("scc-s1-broker"));
        assertThat(engine.calls.indexOf("startWithStdin scc-s1-broker")).as("the broker listens before the agent runs")
                .isLessThan(engine.calls.indexOf("createContainer scc-s1-agent"));
    }

    @Test
    void aCredentialInTheAgentsEnvironmentRefusesTheLaunchBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> backend.launch(brokered(Map.of("ANTHROPIC_API_KEY", SECRET))))
                .hasMessageContaining("credential 'anthropic-key'")
                .hasMessageContaining("ANTHROPIC_API_KEY").hasMessageNotContaining(SECRET);
        assertThat(engine.containers).isEmpty();
        assertThat(engine.networks).isEmpty();
        assertThat(engine.calls).noneMatch(c -> c.startsWith("create"));
    }

    @Test
    void aCredentialInARenderedFileRefusesTheLaunchBeforeAnythingIsCreated() {
        LaunchSpec spec = brokered(Map.of()).withFiles(List.of(new SandboxFile("/etc/claude-code/managed-settings.json",
                ("{\"apiKey\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8), 0644)));
        assertThatThrownBy(() -> backend.launch(spec)).hasMessageContaining("managed-settings.json")
                .hasMessageNotContaining(SECRET);
        assertThat(engine.containers).isEmpty();
    }

    @Test
    void aBrokerThatExitsAtStartLeavesNothingBehindAndPassesNothingInstead() {
        engine.deadOnStart = "-broker";
        engine.brokerLog = "scc-broker: credential 'anthropic-key' missing\n";
        assertThatThrownBy(() -> backend.launch(brokered(Map.of())))
                .isInstanceOfSatisfying(RuntimeBackendException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FAILED))
                .hasMessageContaining("the credential broker exited at start")
                .hasMessageContaining("nothing was passed into the sandbox instead");
        assertThat(engine.containers).isEmpty();
        assertThat(engine.networks).isEmpty();
        assertThat(engine.calls).noneMatch(c -> c.equals("createContainer scc-s1-agent"));
        assertThat(state.resolve("s1")).doesNotExist();
    }

    @Test
    void aBrokeredSessionNeedsTheEnforcedPostureAndTheDryRunSaysSo() {
        LaunchSpec open = LaunchSpec.of(workspace, "claude", NetworkPosture.OPEN, Set.of()).withBroker(broker());
        assertThatThrownBy(() -> backend.launch(open)).hasMessageContaining("credential broker runs only beside a "
                + "web-egress-enforced session");
        assertThat(engine.containers).isEmpty();
        assertThat(backend.preflight(backend.plan(open))).anySatisfy(r -> assertThat(r.kind()).isEqualTo(Kind.REFUSED));
    }

    @Test
    void thePlanListsTheBrokerContainer() {
        var plan = backend.plan(brokered(Map.of()));
        assertThat(plan.objects()).anySatisfy(o -> assertThat(o.name()).isEqualTo("scc-<id>-broker"));
        assertThat(plan.spec().broker().orElseThrow().toString()).doesNotContain(SECRET);
    }
}
