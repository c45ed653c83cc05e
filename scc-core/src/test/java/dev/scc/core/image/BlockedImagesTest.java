package dev.scc.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BlockedImagesTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void anImageBuiltHereIsMatchedByItsNameAsWrittenNotAsADockerHubOfficialImage() {
        BlockedImages b = new BlockedImages(List.of("docker.io/library/*", "*:latest"));
        assertThat(b.match("scc-agent-claude:1.0")).as("as a pulled reference it is docker.io/library/…").isPresent();
        assertThat(b.matchLocalBuild("scc-agent-claude:1.0")).isEmpty();
        assertThat(b.matchLocalBuild("scc-agent-claude")).contains("*:latest");
        assertThat(new BlockedImages(List.of("scc-agent-*")).matchLocalBuild("scc-agent-claude:1.0")).isPresent();
        assertThat(b.matchLocalBuild("docker.io/library/scc-agent-claude:1.0")).as("a registry written is matched in full")
                .contains("docker.io/library/*");
    }

    @Test
    void latestGlobDoesNotMatchAnImageThatHasAnotherTag() {
        BlockedImages b = new BlockedImages(List.of("*:latest"));
        assertThat(b.match("debian:bookworm-slim")).isEmpty();
        assertThat(b.match("scc-ci-rootfs:bookworm-2")).isEmpty();
        assertThat(b.match("registry.example.com:5000/team/img:1.2")).isEmpty();
    }

    @Test
    void latestGlobMatchesAnUntaggedImageAndAnExplicitLatest() {
        BlockedImages b = new BlockedImages(List.of("*:latest"));
        assertThat(b.match("debian")).contains("*:latest");
        assertThat(b.match("debian:latest")).contains("*:latest");
        assertThat(b.match("localhost:5000/img")).contains("*:latest");
    }

    @Test
    void digestPinnedReferenceIsNotLatest() {
        BlockedImages b = new BlockedImages(List.of("*:latest"));
        assertThat(b.match("debian@" + DIGEST)).isEmpty();
        // Docker pulls a digest-pinned image by its digest; the tag beside it names nothing that can float.
        assertThat(b.match("debian:latest@" + DIGEST)).isEmpty();
        assertThat(new BlockedImages(List.of("debian:latest@*")).match("debian:latest@" + DIGEST)).isPresent();
    }

    @Test
    void digestGlobMatchesTheDigestInEveryForm() {
        BlockedImages b = new BlockedImages(List.of("*@" + DIGEST));
        assertThat(b.match("debian@" + DIGEST)).isPresent();
        assertThat(b.match("docker.io/library/debian:12@" + DIGEST)).isPresent();
        assertThat(b.match("debian:12")).isEmpty();
    }

    @Test
    void dockerHubShortAndLongNamesMatchTheSameGlobs() {
        BlockedImages hub = new BlockedImages(List.of("docker.io/library/*"));
        assertThat(hub.match("debian:bookworm-slim")).isPresent();
        assertThat(hub.match("library/debian")).isPresent();
        assertThat(hub.match("index.docker.io/library/debian:12")).isPresent();
        assertThat(hub.match("ghcr.io/library/debian:12")).isEmpty();
        assertThat(hub.match("myorg/tool:1")).isEmpty();
        assertThat(new BlockedImages(List.of("debian:*")).match("docker.io/library/debian:12")).isPresent();
    }

    @Test
    void matchingIgnoresCaseAndSurroundingSpace() {
        assertThat(new BlockedImages(List.of(" ALPINE* ")).match("Alpine:3.20")).contains(" ALPINE* ");
    }

    @Test
    void aRepositoryGlobWithoutTagDoesNotMatchOtherTags() {
        BlockedImages b = new BlockedImages(List.of("debian"));
        assertThat(b.match("debian")).isPresent();
        assertThat(b.match("debian:latest")).isPresent();
        assertThat(b.match("debian:12")).isEmpty();
    }

    @Test
    void parsingSeparatesRegistryPortFromTag() {
        ImageReference r = ImageReference.parse("localhost:5000/team/img:1.2@" + DIGEST);
        assertThat(r).isEqualTo(new ImageReference("localhost:5000", "team/img", Optional.of("1.2"), Optional.of(DIGEST)));
        assertThat(ImageReference.parse("debian").tag()).isEmpty();
        assertThatThrownBy(() -> ImageReference.parse("debian:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageReference.parse("debian@nothex")).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    }

    @Provide
    Arbitrary<String> tags() {
        return Arbitraries.strings().withChars("abcxyz0123456789.-_").ofMinLength(1).ofMaxLength(10)
                .filter(t -> !t.equals("latest"));
    }

    @Property
    void noTagIsEverAppendedToAReferenceThatHasOne(@ForAll("names") String name, @ForAll("tags") String tag) {
        String ref = name + ":" + tag;
        assertThat(new BlockedImages(List.of("*:latest")).match(ref)).isEmpty();
        assertThat(ImageReference.parse(ref).spellings()).allMatch(s -> s.endsWith(":" + tag));
    }

    @Property
    void anImageIsBlockedByItsOwnSpellingAndByItsRepositoryWildcard(@ForAll("names") String name,
            @ForAll("tags") String tag) {
        String ref = name + ":" + tag;
        assertThat(new BlockedImages(List.of(ref)).match(ref)).isPresent();
        assertThat(new BlockedImages(List.of(name + ":*")).match(ref)).isPresent();
        assertThat(new BlockedImages(List.of(name + "x:*")).match(ref)).isEmpty();
    }
}
