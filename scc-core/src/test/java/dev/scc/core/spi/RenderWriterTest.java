package dev.scc.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.spi.internal.ManagedBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderWriterTest {
    @TempDir Path root;

    private WriteResult apply(RenderedFile... files) {
        return new RenderWriter(root).apply("test", List.of(files));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b", "C:/x", ""})
    void pathsThatCouldLeaveTheRootAreRefusedBeforeAnythingIsWritten(String bad) {
        assertThatThrownBy(() -> apply(RenderedFile.text("ok/file", "x\n"), RenderedFile.text(bad, "x\n")))
                .isInstanceOf(RenderException.class).hasMessageContaining("unsafe rendered path");
        assertThat(root.resolve("ok")).doesNotExist();
    }

    @Test
    void filesGetTheirModeAndAManifestRecordsThem() throws Exception {
        apply(new RenderedFile("bin/tool", "#!/bin/sh\n".getBytes(), 0755, RenderedFile.Ownership.WHOLE_FILE),
                RenderedFile.text("etc/a.json", "{}\n"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/tool")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/a.json")))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(root.resolve(RenderWriter.manifestPath("test")))).contains("file ", " bin/tool", " etc/a.json");
    }

    @Test
    void aUserFileIsNeverReplacedAndIsReportedAsAConflict() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/a.json"), "mine\n");
        WriteResult r = apply(RenderedFile.text("etc/a.json", "{}\n"), RenderedFile.text("etc/b.json", "{}\n"));
        assertThat(Files.readString(root.resolve("etc/a.json"))).isEqualTo("mine\n");
        assertThat(r.conflicts()).extracting(WriteResult.Conflict::path).containsExactly("etc/a.json");
        assertThat(r.written()).containsExactly("etc/b.json");
    }

    @Test
    void aManagedFileTheUserChangedIsLeftInPlaceWhenNoLongerRendered() throws Exception {
        apply(RenderedFile.text("etc/a.json", "{}\n"), RenderedFile.text("etc/b.json", "{}\n"));
        Files.writeString(root.resolve("etc/a.json"), "edited\n");
        WriteResult r = apply();
        assertThat(root.resolve("etc/a.json")).hasContent("edited");
        assertThat(root.resolve("etc/b.json")).doesNotExist();
        assertThat(r.removed()).containsExactly("etc/b.json");
        assertThat(r.conflicts()).extracting(WriteResult.Conflict::path).containsExactly("etc/a.json");
        assertThat(root.resolve(RenderWriter.manifestPath("test"))).doesNotExist();
    }

    @Test
    void aManagedFileIsReplacedOnTheNextRender() throws Exception {
        apply(RenderedFile.text("etc/a.json", "{\"v\":1}\n"));
        WriteResult r = apply(RenderedFile.text("etc/a.json", "{\"v\":2}\n"));
        assertThat(r.written()).containsExactly("etc/a.json");
        assertThat(root.resolve("etc/a.json")).hasContent("{\"v\":2}");
    }

    @Test
    void ownersDoNotRemoveEachOthersFiles() {
        new RenderWriter(root).apply("one", List.of(RenderedFile.text("etc/one", "1\n")));
        new RenderWriter(root).apply("two", List.of(RenderedFile.text("etc/two", "2\n")));
        new RenderWriter(root).apply("two", List.of());
        assertThat(root.resolve("etc/one")).exists();
        assertThat(root.resolve("etc/two")).doesNotExist();
    }

    @Test
    void aSymlinkedDirectoryBelowTheRootIsRefused(@TempDir Path outside) throws Exception {
        Files.createSymbolicLink(root.resolve("etc"), outside);
        assertThatThrownBy(() -> apply(RenderedFile.text("etc/a.json", "{}\n"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("symbolic link");
        try (var s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aFailedCommitRestoresReplacedFiles() throws Exception {
        apply(RenderedFile.text("a", "old-a\n"), RenderedFile.text("b", "old-b\n"));
        RenderWriter failing = new RenderWriter(root, p -> {
            if (p.equals("b")) {
                throw new java.io.IOException("disk full");
            }
        });
        assertThatThrownBy(() -> failing.apply("test", List.of(RenderedFile.text("a", "new-a\n"), RenderedFile.text("b", "new-b\n"))))
                .isInstanceOf(RenderException.class).hasMessageContaining("disk full").hasMessageContaining("nothing was changed");
        assertThat(root.resolve("a")).hasContent("old-a");
        assertThat(root.resolve("b")).hasContent("old-b");
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b", RenderWriter.MANIFEST_DIR);
        }
    }

    @Test
    void managedBlocksRoundTripTheUserBytesExactly() {
        for (String original : List.of("", "x", "x\n", "# T\n\nbody\n\n")) {
            String merged = ManagedBlocks.upsert(original, "codex", "hello");
            assertThat(ManagedBlocks.upsert(merged, "codex", "hello")).isEqualTo(merged);
            assertThat(ManagedBlocks.upsert(merged, "codex", "bye")).contains("bye").doesNotContain("hello");
            assertThat(ManagedBlocks.remove(merged, "codex")).isEqualTo(original);
        }
    }
}
