package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracked store re-reads only what the watcher reports; whatever the agent did in between, each of its
 * checkpoints must equal a full walk of the same tree (taken at once by an untracked store), and most of them must
 * really have been incremental (else the property would hold by never tracking).
 */
class TrackedCheckpointTest {
    /** One operation on the workspace: kind, two paths drawn from a small set, content. */
    record Op(int kind, List<String> a, List<String> b, String content) {}

    @Provide
    Arbitrary<List<List<Op>>> histories() {
        Arbitrary<List<String>> path = Arbitraries.of("a", "b", "c", "d e", "back\\slash").list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), path, path,
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(40)).as(Op::new);
        // rounds of operations, a checkpoint after each round
        return op.list().ofMaxSize(8).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 40)
    void everyTrackedCheckpointEqualsAFullWalk(@ForAll("histories") List<List<Op>> rounds) throws Exception {
        Path tmp = Files.createTempDirectory("scc-ckpt-track");
        try {
            Path ws = Files.createDirectories(tmp.resolve("ws"));
            Files.createDirectories(ws.resolve("a/b"));
            Files.writeString(ws.resolve("a/b/c"), "seed");
            Files.writeString(ws.resolve("top"), "seed");
            CheckpointStore tracked = CheckpointStore.open(tmp.resolve("tracked"), Set.of(), Clock.systemUTC());
            int incremental = 0;
            try (AutoCloseable watching = tracked.track(ws)) {
                tracked.create(ws, "launch");
                assertThat(tracked.lastWalkWasFull()).isTrue();
                int n = 0;
                for (List<Op> round : rounds) {
                    for (Op o : round) {
                        apply(ws, o);
                    }
                    Checkpoint c = tracked.create(ws, "periodic");
                    incremental += tracked.lastWalkWasFull() ? 0 : 1;
                    CheckpointStore full = CheckpointStore.open(tmp.resolve("full-" + n++), Set.of(), Clock.systemUTC());
                    Checkpoint f = full.create(ws, "full");
                    assertThat(tracked.index(c.id())).as("after %s", round).isEqualTo(full.index(f.id()));
                    assertThat(c.files()).isEqualTo(f.files());
                    assertThat(c.bytes()).isEqualTo(f.bytes());
                }
            }
            assertThat(incremental).as("checkpoints that used the watcher").isEqualTo(rounds.size());
        } finally {
            delete(tmp);
        }
    }

    @Test
    void aDirectoryRenamedAndRefilledIsSeenUnderItsNewName(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("src/main"));
        Files.writeString(ws.resolve("src/main/A.java"), "a");
        CheckpointStore store = storeIn(tmp);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            Files.move(ws.resolve("src"), ws.resolve("lib"));
            store.create(ws, "periodic");
            // The kernel keeps the moved directory's watch; a change inside it must be reported under lib/, not src/.
            Files.writeString(ws.resolve("lib/main/A.java"), "changed");
            Checkpoint c = incremental(store, ws);
            assertThat(text(store, c, "lib/main/A.java"))
                    .isEqualTo("changed");
        }
    }

    @Test
    void aDirectoryReplacedUnderTheSameNameIsReadAgain(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("out"));
        Files.writeString(ws.resolve("out/x"), "old");
        CheckpointStore store = storeIn(tmp);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            // Moved away whole: nothing happens inside the old out/, so only its parent hears of it.
            Files.move(ws.resolve("out"), ws.resolve("gone"));
            Files.createDirectories(ws.resolve("out"));
            Files.writeString(ws.resolve("out/y"), "new");
            Checkpoint c = store.create(ws, "periodic");
            assertThat(store.index(c.id())).containsKey("out/y").containsKey("gone/x").doesNotContainKey("out/x");
            Files.writeString(ws.resolve("out/y"), "newer");
            c = store.create(ws, "periodic");
            assertThat(store.lastWalkWasFull()).isFalse();
            assertThat(text(store, c, "out/y")).isEqualTo("newer");
        }
    }

    @Test
    void aStoreOpenedAfterATrackedOneThatNeverStoppedStillSeesEveryChange(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("f"), "one");
        Files.writeString(ws.resolve("g"), "two");
        CheckpointStore tracked = storeIn(tmp);
        tracked.track(ws); // never closed: the process dies with its stat cache unsaved
        tracked.create(ws, "launch");
        Thread.sleep(1100);
        Files.writeString(ws.resolve("f"), "ONE");
        tracked.create(ws, "periodic");
        assertThat(tracked.lastWalkWasFull()).isFalse();
        Files.writeString(ws.resolve("g"), "TWO");
        CheckpointStore next = storeIn(tmp);
        Checkpoint c = next.create(ws, "launch");
        assertThat(text(next, c, "f")).isEqualTo("ONE");
        assertThat(text(next, c, "g")).isEqualTo("TWO");
    }

    @Test
    void onANetworkOrFuseFileSystemTrackingWalksBecauseItsEventsMissOtherClientsWrites(@TempDir Path tmp) {
        for (String network : List.of("nfs", "nfs4", "cifs", "smb3", "9p", "fuse.sshfs", "fuseblk", "ceph", "virtiofs", "")) {
            assertThat(CheckpointStore.eventsSeeEveryWrite(network)).as(network).isFalse();
        }
        for (String local : List.of("ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "ext2/ext3")) {
            assertThat(CheckpointStore.eventsSeeEveryWrite(local)).as(local).isTrue();
        }
        assertThat(CheckpointStore.eventsSeeEveryWrite(tmp)).as("this machine's temp directory").isTrue();
        assertThat(CheckpointStore.eventsSeeEveryWrite(tmp.resolve("missing"))).as("unknown: walk").isFalse();
    }

    @Test
    void aChangeInADirectoryWhoseNameHoldsABackslashIsSeen(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("a\\b"));
        Files.writeString(ws.resolve("a\\b/f"), "old");
        CheckpointStore store = storeIn(tmp);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            Files.writeString(ws.resolve("a\\b/f"), "new!");
            assertThat(text(store, incremental(store, ws), "a\\b/f")).isEqualTo("new!");
        }
    }

    /**
     * A writer rewriting hundreds of files in one directory (more events than the JDK keeps for a watched one, 512):
     * the checkpoint re-reads that directory, not the workspace, and still equals a full walk, including a directory
     * created, renamed and replaced inside the burst, whose later changes are seen too.
     */
    @Test
    void aBusyDirectoryWhoseEventsOverflowIsReadAgainAloneAndStaysTracked(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path busy = Files.createDirectories(ws.resolve("busy"));
        Files.createDirectories(ws.resolve("quiet"));
        Files.writeString(ws.resolve("quiet/q"), "q");
        CheckpointStore store = storeIn(tmp);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            for (int i = 0; i < 1500; i++) {
                Files.writeString(busy.resolve("w" + (i % 700)), "v" + i);
            }
            Files.createDirectories(busy.resolve("sub/deeper"));
            Files.writeString(busy.resolve("sub/deeper/f"), "1");
            Files.move(busy.resolve("sub"), busy.resolve("moved"));
            Files.createDirectories(busy.resolve("sub"));
            Files.writeString(busy.resolve("sub/g"), "2");
            assertEqualsAFullWalk(tmp, ws, store, store.create(ws, "periodic"), "after the burst");
            assertThat(store.lastWalkWasFull()).as("one busy directory is no reason to walk the workspace").isFalse();

            Files.writeString(busy.resolve("moved/deeper/f"), "changed after the burst");
            Files.writeString(busy.resolve("sub/g"), "changed too");
            Files.writeString(ws.resolve("quiet/q"), "and here");
            assertEqualsAFullWalk(tmp, ws, store, store.create(ws, "periodic"), "after later changes");
            assertThat(store.lastWalkWasFull()).isFalse();
        }
    }

    /**
     * Every write in a watched directory costs the writer a kernel event; one per checkpoint is enough. From its first
     * change a directory is unwatched (the rest stay watched) until the next checkpoint lists it and watches it again,
     * and what happened in it meanwhile, a new subdirectory included, is in that checkpoint and tracked after it.
     */
    @Test
    void aDirectoryIsUnwatchedFromItsFirstChangeUntilTheNextCheckpoint(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path hot = Files.createDirectories(ws.resolve("hot"));
        Files.createDirectories(ws.resolve("cold"));
        CheckpointStore store = storeIn(tmp);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            assertThat(store.watching("hot")).isTrue();
            Files.writeString(hot.resolve("f"), "1");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (store.watching("hot") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.watching("hot")).as("suspended after its first event").isFalse();
            assertThat(store.watching("cold")).isTrue();
            Files.writeString(hot.resolve("g"), "2");
            Files.createDirectories(hot.resolve("sub"));
            Files.writeString(hot.resolve("sub/h"), "3");
            assertEqualsAFullWalk(tmp, ws, store, store.create(ws, "periodic"), "after the unwatched writes");
            assertThat(store.lastWalkWasFull()).isFalse();
            assertThat(store.watching("hot")).as("watched again").isTrue();
            assertThat(store.watching("hot/sub")).as("the new subdirectory").isTrue();
            Files.writeString(hot.resolve("sub/h"), "changed");
            assertThat(text(store, incremental(store, ws), "hot/sub/h")).isEqualTo("changed");
        }
    }

    /**
     * An agent renaming directories back and forth, replacing them under the same name and writing in them while
     * checkpoints run: moves race the drains (a directory can move after its old parent was reconciled and before its
     * new one is listed, or be replaced after it was checked and before its parent is watched again). Once the agent
     * stops, a checkpoint equals a full walk, and later changes deep inside the moved directories are seen.
     */
    @Test
    void renamesRacingTheCheckpointsLeaveTheTrackerTrue(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        List<Path> places = List.of(ws.resolve("p/q/c"), ws.resolve("p/q/c2"), ws.resolve("p2/c3"), ws.resolve("c4"));
        Files.createDirectories(places.get(0).resolve("deep/er"));
        Files.createDirectories(ws.resolve("p2"));
        Files.writeString(places.get(0).resolve("deep/er/f"), "0");
        CheckpointStore store = storeIn(tmp);
        int[] at = {0};
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread agent = new Thread(() -> {
                try {
                    long end = System.nanoTime() + 2_000_000_000L;
                    for (int i = 0; System.nanoTime() < end; i++) {
                        int next = (at[0] + 1 + i % 3) % places.size();
                        Files.move(places.get(at[0]), places.get(next));
                        at[0] = next;
                        if (i % 4 == 3) { // replaced under the same name: a new directory, the old one's contents
                            Path aside = ws.resolve("aside");
                            Files.move(places.get(next), aside);
                            Files.createDirectories(places.get(next));
                            Files.move(aside.resolve("deep"), places.get(next).resolve("deep"));
                            Files.delete(aside);
                        }
                        Files.writeString(places.get(next).resolve("deep/er/f"), "v" + i);
                        Files.writeString(places.get(next).resolve("deep/g" + i % 5), "w" + i);
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            agent.start();
            int checkpoints = 0;
            while (agent.isAlive()) {
                store.create(ws, "periodic");
                checkpoints++;
            }
            agent.join();
            assertThat(failed.get()).isNull();
            assertThat(checkpoints).as("checkpoints raced the agent").isGreaterThan(3);
            assertEqualsAFullWalk(tmp, ws, store, store.create(ws, "periodic"), "after the storm");
            Path last = places.get(at[0]);
            Files.writeString(last.resolve("deep/er/f"), "after");
            Files.createDirectories(last.resolve("deep/er/new"));
            Files.writeString(last.resolve("deep/er/new/h"), "h");
            assertEqualsAFullWalk(tmp, ws, store, store.create(ws, "periodic"), "after a change deep inside");
            boolean firstWalked = store.lastWalkWasFull();
            Files.writeString(last.resolve("deep/er/new/h"), "h2");
            assertEqualsAFullWalk(tmp, ws, store, store.create(ws, "periodic"), "after a change in the new directory");
            // Every 24th checkpoint walks on purpose, and the storm's count is not known: one of two may be that one.
            assertThat(firstWalked && store.lastWalkWasFull()).as("both walked: the tracker lost track").isFalse();
        }
    }

    /** A write through a file's other name reaches only that name's directory's watch; the file is still seen. */
    @Test
    void aFileWrittenThroughAHardLinkElsewhereIsSeen(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("a"));
        Files.writeString(ws.resolve("a/f"), "one");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createLink(outside.resolve("f"), ws.resolve("a/f"));
        CheckpointStore store = storeIn(tmp);
        try (AutoCloseable watching = store.track(ws)) {
            store.create(ws, "launch");
            store.create(ws, "periodic");
            Thread.sleep(1100); // past the racy window: only a listing can tell
            Files.writeString(outside.resolve("f"), "two, written through the other name");
            Checkpoint c = incremental(store, ws);
            assertThat(text(store, c, "a/f"))
                    .isEqualTo("two, written through the other name");
        }
    }

    private static CheckpointStore storeIn(Path tmp) {
        return CheckpointStore.open(tmp.resolve("store"), Set.of(), Clock.systemUTC());
    }

    /** A periodic checkpoint that must have used the watcher (not walked). */
    private static Checkpoint incremental(CheckpointStore store, Path ws) {
        Checkpoint c = store.create(ws, "periodic");
        assertThat(store.lastWalkWasFull()).as("incremental").isFalse();
        return c;
    }

    private static String text(CheckpointStore store, Checkpoint c, String path) {
        return new String(store.content(c.id(), path), StandardCharsets.UTF_8);
    }

    private static void assertEqualsAFullWalk(Path tmp, Path ws, CheckpointStore tracked, Checkpoint c, String when)
            throws IOException {
        CheckpointStore full = CheckpointStore.open(Files.createTempDirectory(tmp, "full"), Set.of(), Clock.systemUTC());
        Checkpoint f = full.create(ws, "full");
        assertThat(tracked.index(c.id())).as(when).isEqualTo(full.index(f.id()));
    }

    @Test
    void withoutTrackingEveryCheckpointWalksEverything(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("f"), "x");
        CheckpointStore store = storeIn(tmp);
        store.create(ws, "launch");
        store.create(ws, "periodic");
        assertThat(store.lastWalkWasFull()).isTrue();
    }

    private static void apply(Path ws, Op o) throws IOException {
        Path a = resolve(ws, o.a());
        Path b = resolve(ws, o.b());
        if (!parentsAreDirectories(ws, a)) {
            return;
        }
        boolean exists = Files.exists(a, LinkOption.NOFOLLOW_LINKS);
        boolean isDir = Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS);
        switch (o.kind()) {
            case 0, 1 -> { // write a file (create or overwrite)
                if (!isDir) {
                    Files.createDirectories(a.getParent());
                    Files.writeString(a, o.content());
                }
            }
            case 2 -> { // append (same size class changes, mtime changes)
                if (exists && !isDir && !Files.isSymbolicLink(a)) {
                    Files.writeString(a, o.content(), java.nio.file.StandardOpenOption.APPEND);
                }
            }
            case 3 -> { // mkdir -p
                if (!exists) {
                    Files.createDirectories(a);
                }
            }
            case 4 -> { // rm -rf
                if (exists) {
                    delete(a);
                }
            }
            case 5 -> { // mv a b (files and whole directories)
                if (exists && !Files.exists(b, LinkOption.NOFOLLOW_LINKS) && !b.startsWith(a)
                        && parentsAreDirectories(ws, b)) {
                    Files.createDirectories(b.getParent());
                    Files.move(a, b);
                }
            }
            case 6 -> { // chmod
                if (exists && !Files.isSymbolicLink(a)) {
                    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString(isDir ? "rwxr-x---" : "rw-------"));
                }
            }
            case 7 -> { // symlink
                if (!exists) {
                    Files.createDirectories(a.getParent());
                    Files.createSymbolicLink(a, Path.of(o.content().isEmpty() ? "t" : o.content()));
                }
            }
            case 8 -> { // a new directory with files in it at once (mkdir + write before any checkpoint)
                if (!exists) {
                    Files.createDirectories(a.resolve("n1/n2"));
                    Files.writeString(a.resolve("n1/n2/f"), o.content());
                    Files.writeString(a.resolve("n1/g"), o.content());
                }
            }
            default -> { // rewrite with the same size (only the mtime and content tell)
                if (exists && !isDir && !Files.isSymbolicLink(a)) {
                    byte[] old = Files.readAllBytes(a);
                    byte[] neu = new byte[old.length];
                    for (int i = 0; i < neu.length; i++) {
                        neu[i] = (byte) (old[i] ^ 1);
                    }
                    Files.write(a, neu);
                }
            }
        }
    }

    private static Path resolve(Path ws, List<String> parts) {
        Path p = ws;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    private static boolean parentsAreDirectories(Path ws, Path p) {
        for (Path q = p.getParent(); q != null && q.startsWith(ws) && !q.equals(ws); q = q.getParent()) {
            if (Files.exists(q, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static void delete(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            if (!Files.isSymbolicLink(p)) {
                p.toFile().setWritable(true);
            }
            Files.deleteIfExists(p);
        }
    }
}
