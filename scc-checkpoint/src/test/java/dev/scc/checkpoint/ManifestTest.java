package dev.scc.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A manifest whose digest matches but whose entries do not form the tree a walk writes is corrupt: a restore must
 * never write through a link it made, nor outside its target.
 */
class ManifestTest {
    private static final String H = "a".repeat(64);

    @Test
    void aTreeAsTheWalkWritesItReadsBack() {
        List<Manifest.Entry> tree = List.of(new Manifest.Dir("", 0755), new Manifest.Dir("a", 0755),
                new Manifest.Link("l", "a"), new Manifest.File("a/f", 0644, 1, 0, H));
        assertThat(read(tree).entries).isEqualTo(tree);
    }

    @Test
    void entriesBelowALinkAFileOrNothingOrOutsideAreCorrupt() {
        Manifest.Dir root = new Manifest.Dir("", 0755);
        for (List<Manifest.Entry> bad : List.<List<Manifest.Entry>>of(
                List.of(root, new Manifest.Link("a", "/home/dev/.ssh"), new Manifest.File("a/authorized_keys", 0644, 1, 0, H)),
                List.of(root, new Manifest.File("f", 0644, 1, 0, H), new Manifest.File("f/g", 0644, 1, 0, H)),
                List.of(root, new Manifest.File("missing/f", 0644, 1, 0, H)),
                List.of(root, new Manifest.Dir("..", 0755)),
                List.of(root, new Manifest.Dir("a", 0755), new Manifest.File("a/../../x", 0644, 1, 0, H)),
                List.of(root, new Manifest.File("/etc/passwd", 0644, 1, 0, H)),
                List.of(root, new Manifest.Dir("a", 0755), new Manifest.Link("a", "x")),
                List.<Manifest.Entry>of(new Manifest.Dir("a", 0755)))) {
            assertThatThrownBy(() -> read(bad)).as(bad.toString()).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("is corrupt");
        }
    }

    private static Manifest read(List<Manifest.Entry> entries) {
        return Manifest.read(new Manifest(Instant.EPOCH, "test", entries).write(), "test");
    }
}
