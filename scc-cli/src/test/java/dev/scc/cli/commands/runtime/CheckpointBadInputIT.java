package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on bad file systems, for real: the checkpoint engine runs in a container of the offline rootfs (its
 * JRE) whose store is a 256 KiB tmpfs (a full disk), whose workspace or whose restore target is a read-only mount.
 * Clear errors, no manifest for a checkpoint that did not fit, nothing half-restored; a read-only workspace is
 * checkpointed as any other.
 */
class CheckpointBadInputIT {
    private static final String ROOTFS = dev.scc.cli.RealParts.ROOTFS;
    final String run = "ckpt-" + Long.toHexString(System.nanoTime());
    DockerClient docker;

    @TempDir
    Path tmp;

    @BeforeEach
    void up() {
        docker = dev.scc.cli.RealParts.docker();
        docker.inspectImageCmd(ROOTFS).exec();
    }

    @AfterEach
    void down() throws Exception {
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("scc.test", run)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        docker.close();
    }

    /** Runs the probe with the checkpoint classes mounted read-only; returns its stdout. */
    private String probe(List<Bind> binds, Map<String, String> tmpfs, String... args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path repo = Files.isDirectory(root.resolve("scc-checkpoint")) ? root : root.getParent();
        String cp = "/cp/main:/cp/core:/cp/probe";
        List<Bind> all = new java.util.ArrayList<>(binds);
        all.add(Bind.parse(repo.resolve("scc-checkpoint/target/classes") + ":/cp/main:ro"));
        // scc-checkpoint's exceptions extend scc-core's one exception root.
        all.add(Bind.parse(repo.resolve("scc-core/target/classes") + ":/cp/core:ro"));
        all.add(Bind.parse(repo.resolve("scc-cli/target/test-classes") + ":/cp/probe:ro"));
        List<String> cmd = new java.util.ArrayList<>(List.of("java", "-cp", cp,
                "dev.scc.cli.commands.runtime.CheckpointProbe"));
        cmd.addAll(List.of(args));
        String id = docker.createContainerCmd(ROOTFS).withLabels(Map.of("scc.test", run)).withCmd(cmd)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(all).withTmpFs(tmpfs))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
        StringBuilder out = new StringBuilder();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
                out.append(new String(f.getPayload()));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString();
    }

    @Test
    void aFullDiskFailsTheCheckpointClearlyAndLeavesNoManifest() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 4; i++) {
            byte[] big = new byte[128 << 10];
            rnd.nextBytes(big);
            Files.write(ws.resolve("f" + i), big);
        }
        String out = probe(List.of(new Bind(ws.toString(), new Volume("/ws"))), Map.of("/store", "size=256k"),
                "checkpoint", "/ws", "/store");
        assertThat(out).startsWith("ERROR cannot checkpoint /ws: the disk is full")
                .as("no manifest, no summary, no temporary file of the failed checkpoint")
                .contains("LEFT checkpoints 0", "LEFT tmp 0");
    }

    @Test
    void aWorkspaceOnAReadOnlyFileSystemIsCheckpointedWithoutWritingToIt() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("a.txt"), "work\n");
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        String out = probe(List.of(Bind.parse(ws + ":/ws:ro")), Map.of("/store", "size=64m"), "checkpoint", "/ws",
                "/store");
        assertThat(out).startsWith("OK ");
        try (var s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", ".git");
        }
    }

    @Test
    void aReadOnlyTargetIsAClearErrorAndNothingIsRestored() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("a.txt"), "checkpointed\n");
        var store = dev.scc.checkpoint.CheckpointStore.open(tmp.resolve("store"), java.util.Set.of(),
                java.time.Clock.systemUTC());
        String id = store.create(ws, "launch").id();
        Files.writeString(ws.resolve("a.txt"), "later\n");
        Files.writeString(ws.resolve("b.txt"), "new\n");
        String out = probe(List.of(Bind.parse(ws + ":/ws:ro"), Bind.parse(tmp.resolve("store") + ":/store")), Map.of(),
                "restore", "/store", id, "/ws");
        assertThat(out).startsWith("ERROR").contains("read-only");
        assertThat(ws.resolve("a.txt")).hasContent("later");
        assertThat(ws.resolve("b.txt")).exists();
        try (var s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "b.txt");
        }
    }
}
