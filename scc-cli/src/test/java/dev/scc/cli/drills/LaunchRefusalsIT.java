package dev.scc.cli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input on the launch path, through {@code ./scc} as a user meets it: no engine, no images, a second start on a
 * workspace that has a live session. Each is a clear error with its fix and its documented exit code (README), and
 * nothing is left half-created in the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchRefusalsIT {
    DrillWorld world;

    @BeforeAll
    void setUp() {
        world = DrillWorld.ready(DrillWorld.Agent.CLAUDE, AgentDrills.ORG);
    }

    @AfterAll
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** Containers, networks and volumes the engine holds for this workspace. */
    List<String> objectsOf(Path ws) {
        String hash = DockerRuntimeBackend.workspaceHash(ws);
        List<String> found = new java.util.ArrayList<>();
        world.docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("scc.workspace", hash)).exec()
                .forEach(c -> found.add("container " + c.getNames()[0]));
        world.docker.listNetworksCmd().withFilter("label", List.of("scc.workspace=" + hash)).exec()
                .forEach(n -> found.add("network " + n.getName()));
        var vols = world.docker.listVolumesCmd().withFilter("label", List.of("scc.workspace=" + hash)).exec()
                .getVolumes();
        if (vols != null) {
            vols.forEach(v -> found.add("volume " + v.getName()));
        }
        return found;
    }

    @Test
    void withoutAnEngineStartSaysHowToGetOneExitsFiveAndCreatesNothing() {
        Path ws = world.workspace();
        DrillWorld.Scc r = world.scc(Map.of("DOCKER_HOST", "unix://" + world.scratch.resolve("no-docker.sock")),
                "start", "--detach", ws.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("no-docker.sock").containsIgnoringCase("docker");
        assertThat(objectsOf(ws)).isEmpty();
    }

    @Test
    void withoutImagesStartNamesTheImageAndTheBuildCommandExitsOneAndCreatesNothing() {
        Path ws = world.workspace();
        DrillWorld.Scc r = world.scc(Map.of("SCC_IMAGE_PREFIX", "scc-drill-none-"), "start", "--detach", ws.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("scc-drill-none-agent-claude").contains("scc image build");
        assertThat(objectsOf(ws)).isEmpty();
    }

    @Test
    void aSecondStartOnALiveWorkspaceIsRefusedWithResumeOrStopExitsFourAndAddsNothing() {
        Path ws = world.workspace();
        DrillWorld.giveToAgent(ws);
        DrillWorld.Scc first = world.scc("start", "--detach", ws.toString());
        assertThat(first.code()).as(first.toString()).isZero();
        String sid = first.out().replaceAll("(?s).*session ([0-9a-f]{12}) running.*", "$1");
        world.sessions.add(sid);
        List<String> before = objectsOf(ws);

        DrillWorld.Scc second = world.scc("start", "--detach", ws.toString());
        assertThat(second.code()).as(second.toString()).isEqualTo(4);
        assertThat(second.err()).contains("already has a live session " + sid).contains("scc start --resume")
                .contains("scc stop " + sid);
        assertThat(objectsOf(ws)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(world.scc("stop", sid).code()).isZero();
    }
}
