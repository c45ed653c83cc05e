package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's lock across threads of one process: a second user in the same process is refused without
 * dropping the first one's lock (POSIX drops every lock a process holds on a file when any of its descriptors of
 * that file is closed, so the refused attempt must not open and close the lock file).
 */
class CheckpointStoreLockTest {
    @TempDir Path dir;

    @Test
    void aSecondUserInTheSameProcessIsRefusedWithoutReleasingTheFirstUsersLock() throws Exception {
        CheckpointStore first = CheckpointStore.open(dir.resolve("store"), Set.of(), Clock.systemUTC());
        CheckpointStore second = CheckpointStore.open(dir.resolve("store"), Set.of(), Clock.systemUTC());
        try (FileLock held = first.lock()) {
            assertThatThrownBy(second::lock).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("already in use in this process");
            assertThat(probe(dir.resolve("store").resolve("lock")))
                    .as("another process must still see the store locked").isEqualTo("held");
        }
        assertThat(probe(dir.resolve("store").resolve("lock"))).isEqualTo("free");
        try (FileLock again = second.lock()) {
            assertThat(again.isValid()).isTrue();
        }
    }

    /** Asks a separate JVM whether it could lock {@code file}: "held" or "free". */
    private static String probe(Path file) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue(); // a hang guard, not a timing assertion
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** The probe process: tries the lock once and says whether it was free. */
    public static final class LockProbe {
        public static void main(String[] args) throws Exception {
            try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                System.out.println(l == null ? "held" : "free");
            }
        }
    }
}
