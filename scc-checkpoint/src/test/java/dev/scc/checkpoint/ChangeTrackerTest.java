package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moves that race a drain, made deterministic: the agent acts between the drain's check of a suspended directory's
 * subdirectories and the moment its watch is placed again, when no event can report it.
 */
class ChangeTrackerTest {
    @Test
    void aDirectoryReplacedWhileTheDrainReconcilesIsWatchedAfresh(@TempDir Path tmp) throws Exception {
        Path ws = workspace(tmp, "p/c");
        try (ChangeTracker t = tracking(tmp, ws)) {
            Files.writeString(ws.resolve("p/x"), "suspends p");
            t.betweenSteps = () -> io(() -> {
                Files.move(ws.resolve("p/c"), ws.resolve("aside"));
                Files.createDirectories(ws.resolve("p/c"));
            });
            ChangeTracker.Changes ch = t.drain().orElseThrow();
            t.betweenSteps = () -> {};
            assertThat(ch.added()).as("the replacement is new: walked whole").contains("p/c");
            Files.writeString(ws.resolve("p/c/g"), "in the new directory");
            assertThat(t.drain().orElseThrow().dirty()).contains("p/c");
        }
    }

    @Test
    void aDirectoryMovedWhileTheDrainReconcilesKeepsItsWatchUnderTheNewName(@TempDir Path tmp) throws Exception {
        Path ws = workspace(tmp, "p/c", "q");
        try (ChangeTracker t = tracking(tmp, ws)) {
            Files.writeString(ws.resolve("p/x"), "suspends p");
            Files.writeString(ws.resolve("q/x"), "suspends q");
            t.betweenSteps = () -> io(() -> Files.move(ws.resolve("p/c"), ws.resolve("q/c")));
            assertThat(t.drain().orElseThrow().added()).contains("q/c");
            t.betweenSteps = () -> {};
            // p changes again: its drain forgets the old name p/c, which must not take q/c's watch with it.
            Files.writeString(ws.resolve("p/y"), "p again");
            assertThat(t.drain()).isPresent();
            assertThat(t.watches("q/c")).isTrue();
            Files.writeString(ws.resolve("q/c/f"), "in the moved directory");
            assertThat(t.drain().orElseThrow().dirty()).contains("q/c");
        }
    }

    @Test
    void aDirectoryMovedBelowItsOwnOldNameDuringTheDrainMakesTheCheckpointWalk(@TempDir Path tmp) throws Exception {
        Path ws = workspace(tmp, "a/b");
        try (ChangeTracker t = tracking(tmp, ws)) {
            Files.writeString(ws.resolve("a/b/x"), "suspends a/b");
            t.betweenSteps = () -> io(() -> { // a's directory becomes a/b: its old name would be forgotten with it
                Files.move(ws.resolve("a"), ws.resolve("t"));
                Files.createDirectories(ws.resolve("a"));
                Files.move(ws.resolve("t"), ws.resolve("a/b"));
            });
            assertThat(t.drain()).as("cannot vouch: walk everything").isEmpty();
        }
    }

    @Test
    void theWorkspaceReplacedWholeMakesTheCheckpointWalk(@TempDir Path tmp) throws Exception {
        Path ws = workspace(tmp);
        try (ChangeTracker t = tracking(tmp, ws)) {
            Files.move(ws, tmp.resolve("ws.old")); // a fresh clone into the same path: the old watch hears nothing
            Files.createDirectories(ws.resolve("src"));
            assertThat(t.drain()).isEmpty();
        }
    }

    @Test
    void mountsAtOrBelowTheWorkspaceAreReadFromMountinfoWithTheirEscapes() {
        String info = """
                22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
                40 22 0:35 / /home/dev/my\\040work/cache rw - tmpfs tmpfs rw
                41 22 0:36 / /home/dev/my\\040work rw - fuse.sshfs host:/x rw
                42 22 0:37 / /home/dev/my\\040workshop rw - tmpfs tmpfs rw
                43 22 0:38 / /home/dev/other rw - tmpfs tmpfs rw""";
        String under = ChangeTracker.mountsUnder(info, Path.of("/home/dev/my work"));
        assertThat(under.lines().map(l -> l.split(" ")[0])).containsExactly("40", "41");
    }

    private static Path workspace(Path tmp, String... dirs) throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        for (String d : dirs) {
            Files.createDirectories(ws.resolve(d));
        }
        return ws;
    }

    /** A tracker of {@code ws} that has drained once (nothing changed yet). */
    private static ChangeTracker tracking(Path tmp, Path ws) throws IOException {
        ChangeTracker t = new ChangeTracker(ws, d -> false, tmp.resolve("barrier"));
        assertThat(t.drain()).isPresent();
        return t;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
