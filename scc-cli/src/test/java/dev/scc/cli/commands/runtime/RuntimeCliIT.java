package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.DockerBackendConfig;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import dev.scc.runtime.docker.ImageNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The runtime commands end to end against a real engine. The images are the user's: {@code scc image build
 * --base-image <offline rootfs> --provider claude} (the real pinned claude from npm, this build's safety artifacts;
 * SCC_CA_CERTS where TLS is intercepted), under the prefix the drills share, so a second build finds them up to date.
 */
class RuntimeCliIT {
    static final String ROOTFS = "scc-ci-rootfs:bookworm-2";
    /** The prefix of the images the user's build makes for the suites and drills (see E2eEngine). */
    static final String IMAGE_PREFIX = "scc-e2e-";
    @TempDir Path tmp;
    final String run = Long.toHexString(System.nanoTime());
    final String egress = "scc-itcli-" + run + "-egress";
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    DockerClient docker;

    private Supplier<DockerRuntimeBackend> backends() {
        DockerBackendConfig cfg = DockerBackendConfig.fromEnvironment(System.getenv()).withStateDir(tmp.resolve("state"))
                .withImages(ImageNames.forPrefix(IMAGE_PREFIX))
                .withEgress(egress, List.of("127.0.0.1"), List.of());
        return () -> new DockerRuntimeBackend(cfg);
    }

    private int run(Object command, String... args) {
        return CommandRun.run(command, out, err, args);
    }

    @AfterEach
    void cleanUp() {
        if (docker != null) {
            docker.listNetworksCmd().withFilter("label", List.of("scc.test=" + run)).exec()
                    .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        }
    }

    @Test
    void buildStartConflictListDenyLogStopAndPruneLeaveNothing() throws Exception {
        var cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        docker = DockerClientImpl.getInstance(cfg, new ZerodepDockerHttpClient.Builder().dockerHost(cfg.getDockerHost()).build());
        docker.createNetworkCmd().withName(egress).withInternal(true).withLabels(Map.of("scc.test", run)).exec();
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve(".git")); // scc start mounts a repository without asking

        // The user's flags only: the images recipe and the safety artifacts are found the way a built checkout
        // finds them. On an engine shared with other suites the images may already be up to date.
        assertThat(run(new ImageCommand.Build(backends()), "--base-image", ROOTFS, "--provider", "claude"))
                .as(err.toString()).isZero();
        String base = ImageNames.forPrefix(IMAGE_PREFIX).base();
        assertThat(out.toString()).contains("==> " + base, "built " + base);

        assertThat(run(new StartCommand(backends()), "--detach", "--allow", "web.test", ws.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("running: claude in " + ws);

        assertThat(run(new StartCommand(backends()), "--detach", ws.toString())).isEqualTo(ExitCodes.TOOL);
        assertThat(err.toString()).contains("already has a live session");

        assertThat(run(new SessionsCommand(backends()), "--json")).isZero();
        JsonNode data = RuntimeCli.JSON.readTree(out.toString()).get("data");
        assertThat(data).hasSize(1);
        assertThat(data.get(0).get("state").asText()).isEqualTo("running");
        String id = data.get(0).get("id").asText();

        try (DockerRuntimeBackend b = backends().get()) {
            Session s = b.session(id).orElseThrow();
            // The real curl, past the safety wrapper (which would refuse the host itself): the proxy is the boundary.
            assertThat(b.execInAgent(s, List.of("/usr/lib/scc/real/curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://not-allowed.test/")).stdout()).isEqualTo("403");
        }
        assertThat(run(new NetworkCommand.Log(backends()))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("http://not-allowed.test/", "not-allowlisted");

        assertThat(run(new StopCommand(backends()), "--all")).isZero();
        assertThat(out.toString()).contains("stopped " + id);
        assertThat(run(new PruneCommand(backends()), "--yes")).isZero();
        String wsHash = DockerRuntimeBackend.workspaceHash(ws);
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("scc.workspace", wsHash)).exec())
                .isEmpty();
        assertThat(docker.listNetworksCmd().withFilter("label", List.of("scc.workspace=" + wsHash)).exec()).isEmpty();
        assertThat(docker.listVolumesCmd().withFilter("label", List.of("scc.workspace=" + wsHash)).exec().getVolumes())
                .isNullOrEmpty();
    }
}
