package dev.scc.runtime.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.Session;
import dev.scc.testkit.RuntimeContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The Docker backend passes the testkit's runtime contract against the real engine. Sessions run under
 * web-egress-enforced (agent, proxy, session network, home volume) with the proxy's second leg on an internal network
 * of this suite's own (no address range is claimed, so it runs beside the suites that hold the test internet). The
 * failing backend's proxy image is the offline rootfs, whose shell exits at once: the launch fails after it created
 * the network, both containers and the volume. Objects are checked with docker-java directly, not through the backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerRuntimeContractIT implements RuntimeContract {
    DockerTestSupport t;
    Path state;
    String egress;
    final Set<String> workspaces = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void up() {
        t = new DockerTestSupport();
        state = t.dir("state");
        t.requireOfflineImages();
        egress = "scc-it-" + t.run + "-egress";
        t.docker.createNetworkCmd().withName(egress).withInternal(true).withLabels(Map.of("scc.test", t.run)).exec();
        try (DockerRuntimeBackend b = backend()) {
            t.buildImages(b);
        }
    }

    @AfterAll
    void down() {
        // Stop keeps each workspace's home volume for a resume; this suite's workspaces are gone, so are they.
        // (No prune: it would remove other suites' idle objects on this shared engine.)
        try {
            for (String hash : workspaces) {
                var vols = t.docker.listVolumesCmd().withFilter("label", List.of(Labels.WORKSPACE + "=" + hash))
                        .exec().getVolumes();
                if (vols != null) {
                    vols.forEach(v -> t.docker.removeVolumeCmd(v.getName()).exec());
                }
            }
        } finally {
            t.close();
        }
    }

    private DockerBackendConfig config() {
        return DockerBackendConfig.fromEnvironment(System.getenv()).withStateDir(state)
                .withImages(DockerTestSupport.IMAGES).withEgress(egress, List.of("127.0.0.1"), List.of());
    }

    @Override
    public DockerRuntimeBackend backend() {
        return new DockerRuntimeBackend(config());
    }

    @Override
    public RuntimeBackend failingBackend() {
        ImageNames i = DockerTestSupport.IMAGES;
        return new DockerRuntimeBackend(config().withImages(new ImageNames(i.base(), DockerTestSupport.ROOTFS,
                i.agentPrefix(), i.agentTag())));
    }

    @Override
    public LaunchSpec spec(Path workspace) {
        workspaces.add(Session.workspaceHash(workspace));
        return RuntimeContract.super.spec(workspace);
    }

    @Override
    public boolean exists(RuntimeObject o) {
        try {
            switch (o.kind()) {
                case "container" -> t.docker.inspectContainerCmd(o.name()).exec();
                case "network" -> t.docker.inspectNetworkCmd().withNetworkId(o.name()).exec();
                case "volume" -> t.docker.inspectVolumeCmd(o.name()).exec();
                default -> throw new IllegalArgumentException("not a Docker object kind: " + o);
            }
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> leftovers(Path workspace) {
        return t.objects(Labels.WORKSPACE, Session.workspaceHash(workspace));
    }

    @Override
    public boolean mayPrune() {
        return false;
    }
}
