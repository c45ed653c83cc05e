package dev.scc.core.image;

import dev.scc.core.merge.Glob;
import java.util.List;
import java.util.Optional;

/**
 * {@code security.blocked_base_images}: case-insensitive fnmatch globs (as every other pattern of the policy;
 * {@code *} crosses {@code /}, {@code :} and {@code @}) matched against every {@link ImageReference#spellings()
 * spelling} of an image. Exact: {@code *:latest} matches {@code debian}, {@code debian:latest} and {@code
 * docker.io/library/debian:latest}, never {@code debian:bookworm-slim} or a digest-pinned reference (even {@code debian:latest@sha256:…}: it cannot
 * float); {@code
 * docker.io/library/*} matches every official Docker Hub image however it is written. A reference that cannot be
 * parsed is matched as written.
 */
public final class BlockedImages {
    private final List<String> globs;

    public BlockedImages(List<String> globs) {
        this.globs = List.copyOf(globs);
    }

    public static BlockedImages none() {
        return new BlockedImages(List.of());
    }

    public List<String> globs() {
        return globs;
    }

    public boolean isEmpty() {
        return globs.isEmpty();
    }

    /** The first glob (as written in the policy) that matches {@code image}, if any. */
    public Optional<String> match(String image) {
        List<String> spellings;
        try {
            spellings = ImageReference.parse(image).spellings();
        } catch (IllegalArgumentException e) {
            spellings = List.of(image);
        }
        for (String g : globs) {
            for (String s : spellings) {
                if (Glob.matches(s, g)) {
                    return Optional.of(g);
                }
            }
        }
        return Optional.empty();
    }
}
