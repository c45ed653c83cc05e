package dev.scc.runtime.docker;

import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.RuntimeBackendException.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code security.blocked_base_images}: case-insensitive globs ({@code *} any run of characters including
 * {@code /} and {@code :}, {@code ?} one character) matched against the base image of every image SCC
 * builds or runs. Checked before any build or run; an image whose base cannot be told is refused while the
 * list is non-empty (fail closed).
 */
public final class BlockedBaseImages {
    private final List<String> globs;
    private final List<Pattern> patterns;

    public BlockedBaseImages(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(BlockedBaseImages::compile).toList();
    }

    public static BlockedBaseImages none() {
        return new BlockedBaseImages(List.of());
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.trim().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The first glob matching {@code image}, if any. Docker Hub short names also match their long form. */
    public Optional<String> match(String image) {
        String i = image.trim().toLowerCase(Locale.ROOT);
        for (int k = 0; k < patterns.size(); k++) {
            Pattern p = patterns.get(k);
            if (p.matcher(i).matches() || p.matcher(withoutDefaultTag(i)).matches()) {
                return Optional.of(globs.get(k));
            }
        }
        return Optional.empty();
    }

    private static String withoutDefaultTag(String i) {
        return i.endsWith(":latest") ? i.substring(0, i.length() - ":latest".length()) : i + ":latest";
    }

    /** Refuses a build from {@code baseImage}. */
    public void checkBuild(String baseImage) {
        match(baseImage).ifPresent(g -> {
            throw new RuntimeBackendException(Kind.REFUSED, "base image '" + baseImage
                    + "' is blocked by security.blocked_base_images ('" + g + "')",
                    "choose another base image (scc image build --base-image IMAGE)");
        });
    }

    /** Refuses to run {@code image} whose labels do not show an allowed base. */
    public void checkRun(String image, Map<String, String> labels) {
        if (globs.isEmpty()) {
            return;
        }
        match(image).ifPresent(g -> {
            throw new RuntimeBackendException(Kind.REFUSED, "image '" + image
                    + "' is blocked by security.blocked_base_images ('" + g + "')", "use an image built by scc image build");
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
