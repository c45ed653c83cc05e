package dev.scc.core.image;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed image reference {@code [registry/]repository[:tag][@digest]}, as Docker reads it: the first path
 * component is a registry only when it has a {@code .} or {@code :} or is {@code localhost}; a one-component Docker
 * Hub name lives under {@code library/}. Case is folded (the matcher is case-insensitive).
 *
 * @param registry the registry host ({@code docker.io} when none was written)
 * @param repository the repository path ({@code library/debian} for {@code debian})
 * @param tag the tag as written, if any (never implied)
 * @param digest the digest as written ({@code sha256:…}), if any
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {
    public static final String DOCKER_HUB = "docker.io";

    /**
     * Parses {@code ref}.
     *
     * @throws IllegalArgumentException when it is blank or has an empty part ({@code debian:}, {@code @sha256:x} …)
     */
    public static ImageReference parse(String ref) {
        String s = ref == null ? "" : ref.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + ref + "' is not an image reference");
        }
        Optional<String> digest = Optional.empty();
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(s.substring(at + 1));
            s = s.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = Optional.of(s.substring(colon + 1));
            s = s.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
                s = s.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !s.contains("/")) {
            s = "library/" + s;
        }
        if (s.isEmpty() || s.endsWith("/") || s.contains("//") || tag.map(String::isEmpty).orElse(false)
                || digest.map(d -> !d.matches("[a-z0-9]+:[a-f0-9]+")).orElse(false)) {
            throw new IllegalArgumentException("'" + ref + "' is not an image reference");
        }
        return new ImageReference(registry, s, tag, digest);
    }

    /**
     * Every way this image may be written, for matching: the registry and repository in full and in their short Docker
     * Hub forms, each with exactly the tag and digest given. Only a reference with neither a tag nor a digest means
     * {@code :latest}, so only it (and one written {@code :latest}) also appears both with and without that tag; a tag
     * is never added to a reference that has one.
     */
    public List<String> spellings() {
        Set<String> names = new LinkedHashSet<>();
        names.add(registry + "/" + repository);
        if (registry.equals(DOCKER_HUB)) {
            names.add(repository);
            if (repository.startsWith("library/")) {
                names.add(repository.substring("library/".length()));
            }
        }
        List<String> suffixes = new ArrayList<>();
        if (digest.isPresent()) {
            tag.ifPresent(t -> suffixes.add(":" + t + "@" + digest.get()));
            suffixes.add("@" + digest.get());
        } else if (tag.isPresent()) {
            suffixes.add(":" + tag.get());
            if (tag.get().equals("latest")) {
                suffixes.add("");
            }
        } else {
            suffixes.add("");
            suffixes.add(":latest");
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            for (String suffix : suffixes) {
                out.add(n + suffix);
            }
        }
        return List.copyOf(out);
    }
}
