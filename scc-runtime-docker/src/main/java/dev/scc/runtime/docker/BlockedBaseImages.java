package dev.scc.runtime.docker;

import dev.scc.core.image.BlockedImages;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code security.blocked_base_images} applied to the base image of every image SCC builds or runs; the matching
 * itself is {@link BlockedImages} in scc-core, shared with the dry run. Checked before any build or run; an image
 * whose base cannot be told is refused while the list is non-empty (fail closed).
 */
public final class BlockedBaseImages {
    private final List<String> globs;
    private final BlockedImages matcher;

    public BlockedBaseImages(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.matcher = new BlockedImages(this.globs);
    }

    public static BlockedBaseImages none() {
        return new BlockedBaseImages(List.of());
    }

    /** The first glob matching {@code image}, if any ({@link BlockedImages}: exact about tags and digests). */
    public Optional<String> match(String image) {
        return matcher.match(image);
    }

    /** Refuses a build from {@code baseImage}. */
    public void checkBuild(String baseImage) {
        match(baseImage).ifPresent(g -> {
            throw new RuntimeBackendException(Kind.REFUSED, "base image '" + baseImage
                    + "' is blocked by security.blocked_base_images ('" + g + "')",
                    "choose another base image (scc image build --base-image IMAGE)");
        });
    }

    /**
     * The refusal of {@code image}, an image SCC builds, by its own name, if the list blocks it (checked without the
     * engine; {@link BlockedImages#matchLocalBuild}: a locally built name is not a Docker Hub image).
     */
    public Optional<RuntimeBackendException> nameRefusal(String image) {
        return matcher.matchLocalBuild(image).map(g -> new RuntimeBackendException(Kind.REFUSED, "image '" + image
                + "' is blocked by security.blocked_base_images ('" + g + "')", "use an image built by scc image build"));
    }

    /** Refuses to run {@code image} whose labels do not show an allowed base. */
    public void checkRun(String image, Map<String, String> labels) {
        if (globs.isEmpty()) {
            return;
        }
        nameRefusal(image).ifPresent(r -> {
            throw r;
        });
        String base = labels.get(Labels.BASE_IMAGE);
        if (base == null || base.isBlank()) {
            throw new RuntimeBackendException(Kind.REFUSED, "image '" + image + "' has no " + Labels.BASE_IMAGE
                    + " label, so its base cannot be checked against security.blocked_base_images",
                    "rebuild it with scc image build");
        }
        match(base).ifPresent(g -> {
            throw new RuntimeBackendException(Kind.REFUSED, "image '" + image + "' is built on '" + base
                    + "', which is blocked by security.blocked_base_images ('" + g + "')",
                    "rebuild it on an allowed base (scc image build --base-image IMAGE)");
        });
    }
}
