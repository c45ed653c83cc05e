package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path tmp;

    private Path ws() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(Files.createDirectories(ws.resolve("src")).resolve("Main.java"), "class Main {}\n");
        Files.writeString(ws.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(ws.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(ws.resolve("empty/dir"));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("src/Main.java"));
        Files.createSymbolicLink(ws.resolve("dangling"), Path.of("/nowhere/at/all"));
        Files.writeString(Files.createDirectories(ws.resolve(".git/refs/stash").getParent()).resolve("stash"), "abc\n");
        return ws;
    }

    private CheckpointStore store() {
        return CheckpointStore.open(tmp.resolve("store"), Set.of(), Clock.systemUTC());
    }

    @Test
    void restoreBringsBackEveryByteModeLinkAndEmptyDirectoryAfterDestruction() throws Exception {
        Path ws = ws();
        Map<String, String> before = TreeSnapshot.of(ws);
        CheckpointStore store = store();
        Checkpoint c = store.create(ws, "launch");
        assertThat(c.files()).isEqualTo(3);
        assertThat(c.links()).isEqualTo(2);
        // what `git clean -fdx`, `reset --hard` and `rm -rf` leave
        try (var walk = Files.walk(ws)) {
            walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(ws)).forEach(p -> p.toFile().delete());
        }
        Files.writeString(ws.resolve("new-file"), "agent was here\n");
        RestoreReport r = store.restore(c.id(), ws);
        assertThat(TreeSnapshot.of(ws)).isEqualTo(before);
        assertThat(r.before()).isPresent();
        assertThat(store.files(r.before().get().id())).containsKey("new-file");
    }

    @Test
    void anUnchangedWorkspaceCostsNothingAndAChangedFileOnlyItsContent() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        Checkpoint first = store.create(ws, "launch");
        assertThat(first.newBytes()).isPositive();
        Checkpoint same = store.create(ws, "periodic");
        assertThat(same.newBytes()).isZero();
        Files.writeString(ws.resolve("src/Main.java"), "class Main { int x; }\n");
        Checkpoint changed = store.create(ws, "periodic");
        assertThat(changed.newBytes()).isEqualTo("class Main { int x; }\n".length());
        assertThat(store.list()).extracting(Checkpoint::reason).containsExactly("launch", "periodic", "periodic");
    }

    @Test
    void aFileRewrittenWithTheSameSizeAndMtimeIsStillSeenWhenItIsRacy() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        store.create(ws, "launch");
        Path f = ws.resolve("src/Main.java");
        var mtime = Files.getLastModifiedTime(f);
        Files.writeString(f, "class Main {}\n".replace('M', 'X'));
        Files.setLastModifiedTime(f, mtime);
        Checkpoint c = store.create(ws, "periodic");
        assertThat(new String(store.files(c.id()).get("src/Main.java"), StandardCharsets.UTF_8)).contains("Xain");
    }

    @Test
    void aCorruptContentIsDetectedAndNothingIsRestored() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        Checkpoint c = store.create(ws, "launch");
        Path obj;
        try (var walk = Files.walk(tmp.resolve("store/objects"))) {
            obj = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        obj.toFile().setWritable(true);
        byte[] b = Files.readAllBytes(obj);
        b[0] ^= 1;
        Files.write(obj, b);
        Files.writeString(ws.resolve("src/Main.java"), "later work\n");
        Map<String, String> now = TreeSnapshot.of(ws);
        assertThatThrownBy(() -> store.restore(c.id(), ws)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("is corrupt").hasMessageContaining("does not match its digest")
                .hasMessageContaining("nothing was restored");
        assertThat(TreeSnapshot.of(ws)).isEqualTo(now);
        assertThatThrownBy(() -> store.verify(c.id())).hasMessageContaining("is corrupt");
        Path to = tmp.resolve("elsewhere");
        assertThatThrownBy(() -> store.restore(c.id(), to)).isInstanceOf(CheckpointException.class);
        assertThat(to).doesNotExist();
    }

    @Test
    void aTamperedOrTruncatedManifestIsDetected() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        Checkpoint c = store.create(ws, "launch");
        Path m = tmp.resolve("store/checkpoints/" + c.id() + ".ckpt");
        String text = Files.readString(m);
        Files.writeString(m, text.replace("run.sh", "run.sX"));
        assertThatThrownBy(() -> store.restore(c.id(), tmp.resolve("x"))).hasMessageContaining("digest does not match");
        Files.writeString(m, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> store.restore(c.id(), tmp.resolve("x"))).hasMessageContaining("not a complete");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void aMissingContentIsDetectedBeforeAnythingIsTouched() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        Checkpoint c = store.create(ws, "launch");
        try (var walk = Files.walk(tmp.resolve("store/objects"))) {
            Files.delete(walk.filter(Files::isRegularFile).findFirst().orElseThrow());
        }
        Map<String, String> now = TreeSnapshot.of(ws);
        assertThatThrownBy(() -> store.restore(c.id(), ws)).hasMessageContaining("is missing");
        assertThat(TreeSnapshot.of(ws)).isEqualTo(now);
        assertThat(store.list()).hasSize(1).as("no before-restore checkpoint either");
    }

    @Test
    void aStoreInsideTheWorkspaceIsRefused() throws Exception {
        Path ws = ws();
        CheckpointStore inside = CheckpointStore.open(ws.resolve(".scc/ckpt"), Set.of(), Clock.systemUTC());
        assertThatThrownBy(() -> inside.create(ws, "launch")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("lies inside the workspace");
    }

    @Test
    void aStoreRemovedMidSessionIsAClearError() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        store.create(ws, "launch");
        try (var walk = Files.walk(tmp.resolve("store"))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThatThrownBy(() -> store.create(ws, "periodic")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("is gone");
        assertThatThrownBy(() -> CheckpointStore.existing(tmp.resolve("store"), Set.of(), Clock.systemUTC()))
                .hasMessageContaining("no checkpoint store at");
    }

    @Test
    void ignoredDirectoriesAreLeftOutByNameOrPath() throws Exception {
        Path ws = ws();
        Files.writeString(Files.createDirectories(ws.resolve("a/node_modules/x")).resolve("f"), "dep");
        Files.writeString(Files.createDirectories(ws.resolve("build/out")).resolve("f"), "out");
        CheckpointStore store = CheckpointStore.open(tmp.resolve("store"), Set.of("node_modules", "build/out"),
                Clock.systemUTC());
        Checkpoint c = store.create(ws, "launch");
        assertThat(store.files(c.id())).doesNotContainKeys("a/node_modules/x/f", "build/out/f");
    }

    @Test
    void retentionDropsOldAndOversizedCheckpointsAndTheirContents() throws Exception {
        Path ws = ws();
        Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId z) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        CheckpointStore store = CheckpointStore.open(tmp.resolve("store"), Set.of(), clock);
        for (int i = 0; i < 5; i++) {
            Files.writeString(ws.resolve("big-" + i), "x".repeat(10_000) + i);
            store.create(ws, "periodic");
            now[0] = now[0].plus(Duration.ofDays(1));
        }
        List<String> removed = store.prune(new Retention(Duration.ofDays(3), Long.MAX_VALUE, 1));
        assertThat(removed).hasSize(2);
        assertThat(store.list()).hasSize(3);
        store.prune(new Retention(Duration.ofDays(30), 25_000, 1));
        assertThat(store.list()).hasSize(1);
        assertThat(store.sizeBytes()).isLessThanOrEqualTo(60_000);
        assertThat(store.files(store.list().get(0).id())).containsKey("big-4");
    }

    @Test
    void restoreToANewDirectoryLeavesTheWorkspaceAlone() throws Exception {
        Path ws = ws();
        CheckpointStore store = store();
        Checkpoint c = store.create(ws, "launch");
        Path to = tmp.resolve("copy");
        RestoreReport r = store.restore(c.id(), to);
        assertThat(r.before()).isEmpty();
        assertThat(TreeSnapshot.of(to)).isEqualTo(TreeSnapshot.of(ws));
    }
}
