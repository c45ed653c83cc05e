package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** restore(checkpoint(tree)) == tree, for generated trees with modes, symlinks, empty directories and odd names. */
class CheckpointRoundTripPropertyTest {
    /** One generated entry: kind 0 file, 1 empty directory, 2 symbolic link. */
    record Node(List<String> path, int kind, String content, int mode) {}

    @Provide
    Arbitrary<List<Node>> trees() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3),
                Arbitraries.of("with space", "tab\there", "new\nline", "back\\slash", "ünï", ".hidden", "-dash"));
        Arbitrary<Node> node = Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 2), Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of(0644, 0755, 0600, 0444, 0700, 0640, 0000)).as(Node::new);
        return node.list().ofMaxSize(12);
    }

    @Property(tries = 60)
    void restoreOfACheckpointIsTheTree(@ForAll("trees") List<Node> nodes) throws IOException {
        Path tmp = Files.createTempDirectory("scc-ckpt-prop");
        try {
            Path ws = Files.createDirectories(tmp.resolve("ws"));
            for (Node n : nodes) {
                Path p = ws;
                for (String s : n.path()) {
                    p = p.resolve(s);
                }
                if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !parentIsDirectory(ws, p)) {
                    continue;
                }
                Files.createDirectories(p.getParent());
                switch (n.kind()) {
                    case 0 -> {
                        Files.writeString(p, n.content(), StandardCharsets.UTF_8);
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms(n.mode())));
                    }
                    case 1 -> Files.createDirectories(p);
                    default -> Files.createSymbolicLink(p, Path.of(n.content().isEmpty() ? "x" : n.content()
                            .replace('\0', '0')));
                }
            }
            var before = TreeSnapshot.of(ws);
            CheckpointStore store = CheckpointStore.open(tmp.resolve("store"), Set.of(), Clock.systemUTC());
            Checkpoint c = store.create(ws, "prop");
            store.restore(c.id(), tmp.resolve("restored"));
            assertThat(TreeSnapshot.of(tmp.resolve("restored"))).isEqualTo(before);
            // and in place, over a changed tree
            Files.writeString(ws.resolve("zz-extra"), "extra");
            store.restore(c.id(), ws);
            assertThat(TreeSnapshot.of(ws)).isEqualTo(before);
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean parentIsDirectory(Path ws, Path p) {
        for (Path q = p.getParent(); q != null && q.startsWith(ws) && !q.equals(ws); q = q.getParent()) {
            if (Files.exists(q, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(q, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static String perms(int mode) {
        return PosixFilePermissions.toString(java.util.EnumSet.copyOf(
                java.util.stream.IntStream.range(0, 9).filter(i -> (mode & (1 << (8 - i))) != 0)
                        .mapToObj(i -> java.nio.file.attribute.PosixFilePermission.values()[i])
                        .collect(java.util.stream.Collectors.toCollection(
                                () -> java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class)))));
    }
}
