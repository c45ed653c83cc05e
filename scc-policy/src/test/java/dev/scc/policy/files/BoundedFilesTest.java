package dev.scc.policy.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {
    @TempDir Path dir;

    @Test
    void devZeroIsRefusedAsACharacterDeviceWithoutReading() {
        assertThatThrownBy(() -> BoundedFiles.read(Path.of("/dev/zero"), 1024))
                .isInstanceOf(BoundedFiles.RefusedFile.class)
                .hasMessageContaining("/dev/zero").hasMessageContaining("character device");
    }

    @Test
    void fifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
        // Opening a FIFO for reading blocks until a writer comes; the kind is checked first, so this returns.
        assertThatThrownBy(() -> BoundedFiles.read(fifo, 1024))
                .isInstanceOf(BoundedFiles.RefusedFile.class).hasMessageContaining("FIFO");
    }

    @Test
    void directoryDanglingLinkLinkLoopAndPathThroughAFileAreRefused() throws Exception {
        assertThatThrownBy(() -> BoundedFiles.read(dir, 10)).hasMessageContaining("a directory");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("missing.json"));
        assertThatThrownBy(() -> BoundedFiles.read(dangling, 10)).isInstanceOf(BoundedFiles.RefusedFile.class)
                .hasMessageContaining("dangling");
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> BoundedFiles.read(a, 10)).isInstanceOf(BoundedFiles.RefusedFile.class);
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> BoundedFiles.read(file.resolve(".scc.yaml"), 10)).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> BoundedFiles.read(dir.resolve("nothing"), 10)).isInstanceOf(NoSuchFileException.class)
                .isNotInstanceOf(BoundedFiles.RefusedFile.class);
    }

    @Test
    void fileLargerThanTheCapIsRefusedAndOneAtTheCapIsRead() throws Exception {
        Path f = Files.write(dir.resolve("big"), new byte[1001]);
        assertThatThrownBy(() -> BoundedFiles.read(f, 1000)).hasMessageContaining("larger than 1000 bytes");
        assertThat(BoundedFiles.read(f, 1001)).hasSize(1001);
        assertThat(BoundedFiles.read(Files.write(dir.resolve("empty"), new byte[0]), 10)).isEmpty();
    }
}
