package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HostConfig;
import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Postures other than enforced, bad input against a real engine, and stop/prune leaving nothing behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleIT {
    DockerTestSupport t;
    DockerRuntimeBackend backend;
    Path state;

    @BeforeAll
    void up() throws Exception {
        t = new DockerTestSupport();
        state = t.dir("state");
        t.requireOfflineImages();
        backend = new DockerRuntimeBackend(t.config(state));
        t.buildImages(backend);
        t.startInternet();
    }

    @AfterAll
    void down() {
        try {
            backend.prune(); // stopped sessions keep their home volume until a prune
        } finally {
            backend.close();
            t.close();
        }
    }

    private Path workspace() throws Exception {
        return t.dir("ws");
    }

    @Test
    void lockedDownSessionHasNoRouteAndNoInterfaceButLoopback() throws Exception {
        Session s = backend.launch(LaunchSpec.of(workspace(), "codex", NetworkPosture.LOCKED_DOWN_WEB, Set.of())
                .withLocalModelEndpoint("http://127.0.0.1:11434"));
        try {
            String routes = backend.execInAgent(s, List.of("cat", "/proc/net/route")).stdout();
            assertThat(routes.lines().skip(1).toList()).as("routing table rows").isEmpty();
            String ifaces = backend.execInAgent(s, List.of("ls", "/sys/class/net")).stdout();
            assertThat(ifaces.trim()).isEqualTo("lo");
            var r = backend.execInAgent(s, List.of("curl", "-s", "-m", "3", "http://" + DockerTestSupport.WEB_IP + "/"));
            assertThat(r.exitCode()).isNotZero();
        } finally {
            backend.stop(s.id());
        }
        // stop keeps the provider's home volume for resume; prune removes it with the session gone
        assertThat(t.objects(Labels.SESSION, s.id())).containsExactly("volume scc-home-" + s.workspaceHash() + "-codex");
        backend.prune();
        t.assertNothingLabelled(Labels.SESSION, s.id());
    }

    @Test
    void lockedDownRefusesAProviderThatNeedsItsApiAndCreatesNothing() throws Exception {
        Path ws = workspace();
        assertThatThrownBy(() -> backend.launch(LaunchSpec.of(ws, "claude", NetworkPosture.LOCKED_DOWN_WEB, Set.of())))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("needs its API")
                .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.REFUSED);
        t.assertNothingLabelled(Labels.WORKSPACE, DockerRuntimeBackend.workspaceHash(ws));
    }

    @Test
    void openSessionUsesTheDefaultBridgeWithoutProxy() throws Exception {
        Session s = backend.launch(LaunchSpec.of(workspace(), "claude", NetworkPosture.OPEN, Set.of()));
        try {
            var agent = t.docker.inspectContainerCmd(DockerRuntimeBackend.agentContainer(s)).exec();
            assertThat(agent.getNetworkSettings().getNetworks()).containsOnlyKeys("bridge");
            assertThat(DockerRuntimeBackend.proxyContainer(s)).isEmpty();
            assertThat(backend.execInAgent(s, List.of("env")).stdout()).doesNotContain("HTTP_PROXY=");
        } finally {
            backend.stop(s.id());
        }
    }

    @Test
    void missingImageIsReportedWithTheBuildCommandAndCreatesNothing() throws Exception {
        Path ws = workspace();
        assertThatThrownBy(() -> backend.launch(LaunchSpec.of(ws, "nosuchprovider", NetworkPosture.OPEN, Set.of())))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("scc-it-agent-nosuchprovider:latest is not present")
                .hasMessageContaining("scc image build");
        t.assertNothingLabelled(Labels.WORKSPACE, DockerRuntimeBackend.workspaceHash(ws));
    }

    @Test
    void blockedBaseImageIsRefusedBeforeBuildAndBeforeRun() throws Exception {
        DockerRuntimeBackend blocked = new DockerRuntimeBackend(t.config(state)
                .withBlockedBaseImages(new BlockedBaseImages(List.of("SCC-CI-ROOTFS:*"))));
        try {
            Path ws = workspace();
            assertThatThrownBy(() -> blocked.launch(LaunchSpec.of(ws, "claude", NetworkPosture.OPEN, Set.of())))
                    .hasMessageContaining("blocked by security.blocked_base_images ('SCC-CI-ROOTFS:*')");
            assertThatThrownBy(() -> new ImageBuilder(blocked).build(new ImageBuilder.Options(
                    DockerTestSupport.repoRoot().resolve("images"), DockerTestSupport.ROOTFS, false,
                    java.util.Optional.empty(), "x", "x", true, true), List.of("claude"), false, l -> { }))
                    .hasMessageContaining("is blocked");
            t.assertNothingLabelled(Labels.WORKSPACE, DockerRuntimeBackend.workspaceHash(ws));
        } finally {
            blocked.close();
        }
    }

    @Test
    void nameClashRollsBackTheNetworkAndProxyAlreadyCreated() throws Exception {
        String sid = "c1a5h" + t.run.substring(0, 7);
        // Someone else's container already holds the agent name this launch will want.
        String squatter = t.docker.createContainerCmd(DockerTestSupport.ROOTFS).withName("scc-" + sid + "-agent")
                .withLabels(Map.of("scc.test", t.run)).withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        DockerRuntimeBackend fixedId = new DockerRuntimeBackend(t.config(state),
                () -> new dev.scc.runtime.docker.internal.DockerJavaEngine(t.config(state).dockerHost()), () -> sid,
                Clock.systemUTC());
        try {
            Path ws = workspace();
            assertThatThrownBy(() -> fixedId.launch(LaunchSpec.of(ws, "claude", NetworkPosture.WEB_EGRESS_ENFORCED,
                    Set.of("web.test"))))
                    .isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("name clash")
                    .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.CONFLICT);
            t.assertNothingLabelled(Labels.SESSION, sid);
            assertThat(fixedId.session(sid)).isEmpty();
            assertThat(t.docker.inspectContainerCmd(squatter).exec().getName()).isEqualTo("/scc-" + sid + "-agent");
        } finally {
            fixedId.close();
        }
    }

    @Test
    void engineDownIsReportedWithAFixAndNothingIsRecorded() throws Exception {
        Path dead = t.dir("dead").resolve("docker.sock");
        DockerRuntimeBackend down = new DockerRuntimeBackend(t.config(state).withDockerHost("unix://" + dead));
        try {
            assertThat(down.availability()).isInstanceOf(Availability.Unavailable.class);
            assertThatThrownBy(() -> down.launch(LaunchSpec.of(workspace(), "claude", NetworkPosture.OPEN, Set.of())))
                    .isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("cannot reach the Docker engine at unix://" + dead)
                    .hasMessageContaining("DOCKER_HOST")
                    .extracting(e -> ((RuntimeBackendException) e).kind()).isEqualTo(Kind.UNAVAILABLE);
        } finally {
            down.close();
        }
    }

    @Test
    void pruneRemovesObjectsOfSessionsThatAreNoLongerLive() throws Exception {
        Session s = backend.launch(LaunchSpec.of(workspace(), "claude", NetworkPosture.WEB_EGRESS_ENFORCED,
                Set.of("web.test")));
        assertThat(t.objects(Labels.SESSION, s.id())).hasSize(4); // agent, proxy, network, home volume
        // The agent disappears behind SCC's back: the proxy, network and volume are now orphans.
        t.docker.removeContainerCmd(DockerRuntimeBackend.agentContainer(s)).withForce(true).exec();
        PruneReport r = backend.prune();
        assertThat(r.sessions()).contains(s.id());
        assertThat(r.objects()).extracting(RuntimeObject::name).contains("scc-" + s.id() + "-net");
        t.assertNothingLabelled(Labels.SESSION, s.id());
        t.assertNothingLabelled(Labels.WORKSPACE, s.workspaceHash());
        assertThat(backend.session(s.id()).orElseThrow().live()).isFalse();
    }

    @Test
    void entrypointStartsTheEvaluatorAsSccSafetyOutOfTheAgentsReach() throws Exception {
        // A stand-in JRE and jar: the entrypoint's contract is what is tested, not the evaluator.
        Path ctx = t.dir("safety");
        Files.writeString(ctx.resolve("java"), "#!/bin/sh\necho \"uid=$(id -un) args=$*\"\nexec sleep infinity\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + DockerTestSupport.IMAGES.agent("claude") + "\n"
                + "COPY java /usr/local/bin/java\nRUN chmod 0755 /usr/local/bin/java"
                + " && echo jar > /usr/local/lib/scc/scc-safety.jar\n");
        String tag = DockerTestSupport.IMAGES.agent("safetystub");
        t.docker.buildImageCmd(ctx.toFile()).withTags(Set.of(tag)).withNetworkMode("none").withPull(false)
                .withLabels(Map.of("scc.test", t.run)).start().awaitImageId();
        try {
            Session s = backend.launch(LaunchSpec.of(workspace(), "safetystub", NetworkPosture.OPEN, Set.of()));
            try {
                String log = "";
                for (int i = 0; i < 50 && !log.contains("uid="); i++) {
                    Thread.sleep(100);
                    log = backend.execInAgent(s, List.of("cat", "/run/scc-safety/evaluator.log")).stdout();
                }
                assertThat(log).contains("uid=scc-safety args=").contains("-cp /usr/local/lib/scc/scc-safety.jar "
                        + "dev.scc.safety.evaluator.EvaluatorMain --policy /etc/scc/safety-policy.json "
                        + "--socket /run/scc-safety/evaluator.sock");
                String pid = backend.execInAgent(s, List.of("sh", "-c", "for p in /proc/[0-9]*; do "
                        + "grep -q '^Uid:\t'$(id -u scc-safety) $p/status && echo ${p#/proc/}; done")).stdout().trim();
                assertThat(pid).isNotEmpty();
                assertThat(backend.execInAgent(s, List.of("kill", pid.lines().findFirst().orElseThrow())).exitCode())
                        .as("the agent cannot signal the evaluator").isNotZero();
                assertThat(backend.execInAgent(s, List.of("touch", "/run/scc-safety/evaluator.sock")).exitCode())
                        .as("the agent cannot plant a socket").isNotZero();
            } finally {
                backend.stop(s.id());
            }
        } finally {
            t.docker.removeImageCmd(tag).withForce(true).exec();
        }
    }

    @Test
    void availabilityReportsTheEngineApiVersion() {
        assertThat(backend.availability()).isInstanceOfSatisfying(Availability.Available.class,
                a -> assertThat(DockerRuntimeBackend.apiAtLeast(a.apiVersion(), 1, 41)).isTrue());
    }
}
