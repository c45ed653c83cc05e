package dev.scc.runtime.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session records that are not regular files (a FIFO, a link to a device) are skipped, never read. */
class SessionStoreSpecialFilesTest {
    @TempDir Path dir;

    @Test
    void aFifoOrDeviceLinkAmongTheRecordsIsSkippedWithoutBlockingOrReadingForever() throws Exception {
        Path fifo = dir.resolve("evil.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
        var listing = CompletableFuture.supplyAsync(() -> new SessionStore(dir).all());
        // A hang guard, not a timing assertion: reading the FIFO would block for ever, /dev/zero would never end.
        assertThat(listing.get(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)).isEmpty();
    }
}
