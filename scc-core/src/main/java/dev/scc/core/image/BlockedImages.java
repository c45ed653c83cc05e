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

    /**
     * The first glob that matches {@code image}, an image built on this machine, by its own name. A name that writes no
     * registry was never pulled, so it is matched as written (with the same tag rules), not as the Docker Hub official
     * image Docker's default would make of it: with {@code docker.io/library/*} blocked, SCC's own
     * {@code scc-agent-claude:1.0} is not a Hub image (what it was built on is checked through its base label).
     */
    public Optional<String> matchLocalBuild(String image) {
        String first = image.split("/", 2)[0];
        boolean registryWritten = image.contains("/")
                && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (registryWritten) {
            return match(image);
        }
        List<String> spellings;
        try {
            spellings = ImageReference.parse(image).spellings().stream()
                    .filter(s -> !s.startsWith(ImageReference.DOCKER_HUB + "/") && !s.startsWith("library/"))
                    .toList();
        } catch (IllegalArgumentException e) {
            spellings = List.of(image);
        }
        return first(spellings);
    }

    /** The first glob (as written in the policy) that matches {@code image}, if any. */
    public Optional<String> match(String image) {
        List<String> spellings;
        try {
            spellings = ImageReference.parse(image).spellings();
        } catch (IllegalArgumentException e) {
            spellings = List.of(image);
        }
        return first(spellings);
    }

    private Optional<String> first(List<String> spellings) {
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
