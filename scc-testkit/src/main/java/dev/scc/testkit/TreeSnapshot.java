package dev.scc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every entry under a root (files with their bytes as text, directories, links), for before/after comparison. */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    /** Relative path → {@code "dir"}, {@code "link -> target"} or {@code "file:" + content}. */
    public static Map<String, String> of(Path root) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                try {
                    if (Files.isSymbolicLink(p)) {
                        out.put(rel, "link -> " + Files.readSymbolicLink(p));
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        out.put(rel, "dir");
                    } else {
                        out.put(rel, "file:" + new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Only regular files (relative path → content). */
    public static Map<String, String> files(Path root) {
        Map<String, String> out = new TreeMap<>();
        of(root).forEach((k, v) -> {
            if (v.startsWith("file:")) {
                out.put(k, v.substring(5));
            }
        });
        return out;
    }

    /** Deletes a tree without following links. */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
