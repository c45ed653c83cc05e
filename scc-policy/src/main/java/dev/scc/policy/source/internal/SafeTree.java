package dev.scc.policy.source.internal;

import dev.scc.policy.source.TreeContent;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a directory tree into memory for placing in a sandbox, refusing anything that must not reach one: symlinks
 * (anywhere, whether they escape or not: a link is resolved inside the container, so its meaning cannot be checked
 * here), device files, FIFOs and sockets, names with control characters or backslashes, and trees over the file or
 * byte limit. {@code .git} directories and files are skipped. Shared by skills and marketplaces; the caller turns a
 * refusal into its own exception. Not API.
 */
public final class SafeTree {
    private SafeTree() {}

    /** Builds the caller's exception from a reason, the expected thing, and an optional cause. */
    @FunctionalInterface
    public interface Refusal {
        RuntimeException of(String reason, String expected, Throwable cause);
    }

    /**
     * The files below {@code root} (a real directory), sorted by path.
     *
     * @param noun what the tree is, for messages ({@code skill}, {@code marketplace})
     */
    public static List<TreeContent.File> read(Path root, int maxFiles, long maxBytes, String noun, Refusal refuse) {
        List<TreeContent.File> files = new ArrayList<>();
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        String name = dir.getFileName().toString();
                        if (name.equals(".git")) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        checkName(root, dir, refuse);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = checkName(root, file, refuse);
                    if (attrs.isSymbolicLink()) {
                        throw refuse.of("'" + rel + "' is a symlink; " + noun + "s may not contain symlinks",
                                "regular files and directories only", null);
                    }
                    if (file.getFileName().toString().equals(".git")) {
                        return FileVisitResult.CONTINUE; // a worktree's .git file
                    }
                    if (!attrs.isRegularFile()) {
                        throw refuse.of("'" + rel + "' is not a regular file (device, FIFO or socket)",
                                "regular files and directories only", null);
                    }
                    if (files.size() + 1 > maxFiles) {
                        throw refuse.of("more than " + maxFiles + " files",
                                "a " + noun + " of at most " + maxFiles + " files", null);
                    }
                    total[0] += attrs.size();
                    if (total[0] > maxBytes) {
                        throw refuse.of("larger than the limit of " + maxBytes + " bytes",
                                "a " + noun + " of at most " + maxBytes + " bytes", null);
                    }
                    boolean exec = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    files.add(new TreeContent.File(rel, Files.readAllBytes(file), exec));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
        } catch (IOException e) {
            throw refuse.of("cannot read " + root + ": " + e.getMessage(), "", e);
        }
        files.sort(Comparator.comparing(TreeContent.File::path));
        return List.copyOf(files);
    }

    /** The {@code /}-joined relative path; refuses names a container path or a report line could misread. */
    private static String checkName(Path root, Path p, Refusal refuse) {
        List<String> parts = new ArrayList<>();
        for (Path seg : root.relativize(p)) {
            String s = seg.toString();
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                    || s.contains("\\")) {
                throw refuse.of("unsafe file name '" + root.relativize(p) + "'",
                        "file names without control characters, backslashes or '..'", null);
            }
            parts.add(s);
        }
        return String.join("/", parts);
    }
}
