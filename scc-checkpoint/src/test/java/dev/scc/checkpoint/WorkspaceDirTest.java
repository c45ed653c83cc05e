package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk never follows a link the agent swaps in while a checkpoint runs: not for a directory about to be listed,
 * not for a file about to be read, not for a directory above them.
 */
class WorkspaceDirTest {
    @Test
    void aDirectorySwappedForALinkToAHostDirectoryIsNotListed(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws/a"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("id_ed25519"), "secret");
        try (WorkspaceDir top = WorkspaceDir.root(ws.getParent()); WorkspaceDir a = top.child("a")) {
            assertThat(top.entries()).extracting(p -> p.getFileName().toString()).containsExactly("a");
            Files.move(ws, tmp.resolve("ws/a.old")); // listed as a directory, a link by the time it is opened
            Files.createSymbolicLink(ws, host);
            assertThatThrownBy(a::entries).isInstanceOf(WorkspaceDir.Swapped.class);
        }
    }

    @Test
    void aFileSwappedForALinkIsNotRead(@TempDir Path tmp) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("f"), "mine");
        Files.writeString(tmp.resolve("secret"), "the host's");
        try (WorkspaceDir top = WorkspaceDir.root(ws)) {
            Path f = top.entries().get(0);
            assertThat(top.attributes(f).isRegularFile()).isTrue();
            Files.delete(f);
            Files.createSymbolicLink(f, tmp.resolve("secret"));
            assertThatThrownBy(() -> top.read(f).close()).isInstanceOf(WorkspaceDir.Swapped.class);
        }
    }

    @Test
    void aParentSwappedForALinkAfterItWasOpenedKeepsTheWalkInTheWorkspace(@TempDir Path tmp) throws Exception {
        Path ws = tmp.resolve("ws");
        Files.writeString(Files.createDirectories(ws.resolve("a/b")).resolve("f"), "mine");
        Path host = tmp.resolve("host/b");
        Files.writeString(Files.createDirectories(host).resolve("f"), "the host's");
        try (WorkspaceDir top = WorkspaceDir.root(ws); WorkspaceDir a = top.child("a"); WorkspaceDir b = a.child("b")) {
            a.entries(); // a is open now
            Files.move(ws.resolve("a"), ws.resolve("moved"));
            Files.createSymbolicLink(ws.resolve("a"), host.getParent()); // a path-based walk would read host/b/f
            Path f = b.entries().get(0);
            try (var in = b.read(f)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64);
                in.read(buf);
                assertThat(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("mine");
            }
        }
    }
}
