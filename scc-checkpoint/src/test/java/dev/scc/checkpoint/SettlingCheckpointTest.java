package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A settling checkpoint (the periodic checkpointer's) leaves a file still being written to a later checkpoint, so it
 * does not copy the writer's file on every run; it never loses data: the deferred file is recorded as the store
 * already holds it, a file that keeps changing is copied after {@link CheckpointStore#MAX_DEFERRALS} runs, and one
 * that stops changing is copied by the next run even when the watcher reports nothing more.
 */
class SettlingCheckpointTest {
    static final Duration SETTLE = Duration.ofSeconds(30);

    private static String text(CheckpointStore s, Checkpoint c, String path) {
        return new String(s.content(c.id(), path), StandardCharsets.UTF_8);
    }

    @Test
    void aFileStillBeingWrittenIsRecordedAsThePreviousCheckpointHoldsItThenCopiedAfterTheBound(@TempDir Path tmp)
            throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("log.txt"), "v0");
        CheckpointStore store = CheckpointStore.open(tmp.resolve("store"), Set.of(), Clock.systemUTC());
        store.create(ws, "launch");
        for (int i = 1; i <= CheckpointStore.MAX_DEFERRALS; i++) {
            Files.writeString(ws.resolve("log.txt"), "v" + i);
            Checkpoint c = store.create(ws, "periodic", SETTLE);
            assertThat(text(store, c, "log.txt")).as("deferral %d: the version the store holds", i).isEqualTo("v0");
            assertThat(c.newBytes()).as("nothing copied").isZero();
            store.verify(c.id());
        }
        Files.writeString(ws.resolve("log.txt"), "still changing");
        Checkpoint bounded = store.create(ws, "periodic", SETTLE);
        assertThat(text(store, bounded, "log.txt")).as("after the bound the file is copied as it is")
                .isEqualTo("still changing");
        Files.writeString(ws.resolve("log.txt"), "again");
        assertThat(text(store, store.create(ws, "periodic", SETTLE), "log.txt")).as("the count starts again")
                .isEqualTo("still changing");
    }

    @Test
    void aNewFileAndEveryPlainCheckpointAreCopiedAtOnce(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("old.txt"), "v0");
        CheckpointStore store = CheckpointStore.open(tmp.resolve("store"), Set.of(), Clock.systemUTC());
        store.create(ws, "launch");
        Files.writeString(ws.resolve("new.txt"), "only copy");
        Files.writeString(ws.resolve("old.txt"), "v1");
        Checkpoint settled = store.create(ws, "periodic", SETTLE);
        assertThat(text(store, settled, "new.txt")).as("a new file has no earlier version to stand in").isEqualTo("only copy");
        assertThat(text(store, settled, "old.txt")).isEqualTo("v0");
        Checkpoint plain = store.create(ws, "risky-command");
        assertThat(text(store, plain, "old.txt")).as("a plain checkpoint holds the latest state").isEqualTo("v1");
    }

    @Test
    void aDeferredFileThatStopsChangingIsCopiedByTheNextTrackedCheckpoint(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("out"));
        Files.writeString(ws.resolve("out/a.bin"), "v0");
        CheckpointStore store = CheckpointStore.open(tmp.resolve("store"), Set.of(), Clock.systemUTC());
        Duration settle = Duration.ofMillis(400);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            Files.writeString(ws.resolve("out/a.bin"), "v1");
            Checkpoint deferred = store.create(ws, "periodic", settle);
            assertThat(store.lastWalkWasFull()).isFalse();
            assertThat(text(store, deferred, "out/a.bin")).isEqualTo("v0");
            Thread.sleep(settle.toMillis() + 200);
            // No event since the last checkpoint: only the deferral says out/ must be read again.
            Checkpoint settled = store.create(ws, "periodic", settle);
            assertThat(store.lastWalkWasFull()).isFalse();
            assertThat(text(store, settled, "out/a.bin")).isEqualTo("v1");
        }
    }
}
