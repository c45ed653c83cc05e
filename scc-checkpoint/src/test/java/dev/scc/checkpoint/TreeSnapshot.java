package dev.scc.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/** A directory tree as comparable text: type, permissions, content digest or link target, per relative path. */
final class TreeSnapshot {
    private TreeSnapshot() {}

    static Map<String, String> of(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                String perms = Files.isSymbolicLink(p) ? ""
                        : PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "L " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "D " + perms);
                } else {
                    out.put(rel, "F " + perms + " " + Manifest.sha256(Files.readAllBytes(p)) + " "
                            + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
                }
            }
        }
        return out;
    }
}
