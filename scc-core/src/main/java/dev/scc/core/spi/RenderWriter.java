package dev.scc.core.spi;

import dev.scc.core.spi.internal.ManagedBlocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one writer that applies rendered files under a target root. Renderers never write.
 *
 * <ul>
 *   <li><b>Confined.</b> Paths must be relative without {@code .}/{@code ..} segments, and no existing component
 *       below the root may be a symbolic link, so nothing is written outside the root.
 *   <li><b>All or nothing.</b> New contents are staged as temp files next to their targets, then moved into place;
 *       if any step fails, every moved file is restored and the target tree is as before.
 *   <li><b>Ownership.</b> A per-owner manifest ({@code .scc-render/<owner>.manifest}) records what SCC wrote.
 *       Files in it are replaced or, when no longer rendered, removed (unless a user changed them since). A file
 *       not in it is never replaced: it is reported as a conflict. Markdown blocks are merged into user files
 *       between markers and removed byte-exactly.
 *   <li><b>Idempotent.</b> Unchanged files are not rewritten.
 * </ul>
 */
public final class RenderWriter {

    /** Test seam: called before each file is moved into place; throwing aborts and rolls back the write. */
    @FunctionalInterface
    public interface CommitHook {
        void beforeCommit(String path) throws IOException;
    }

    /** Where manifests live, relative to the root. */
    public static final String MANIFEST_DIR = ".scc-render";

    private static final Pattern OWNER = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");
    private final Path root;
    private final CommitHook hook;
    private final boolean refuseUnowned;

    public RenderWriter(Path root) {
        this(root, p -> {});
    }

    public RenderWriter(Path root, CommitHook hook) {
        this(root, hook, false);
    }

    private RenderWriter(Path root, CommitHook hook, boolean refuseUnowned) {
        this.root = root;
        this.hook = hook;
        this.refuseUnowned = refuseUnowned;
    }

    /**
     * A writer that refuses the whole apply, writing nothing, when a whole file SCC would manage already exists
     * and SCC does not own it (instead of leaving it and reporting a conflict). For {@code scc render}, where
     * "rendered" must mean the rules are really in place.
     */
    public RenderWriter refusingUnownedFiles() {
        return new RenderWriter(root, hook, true);
    }

    /** The manifest path (root-relative) for an owner. */
    public static String manifestPath(String owner) {
        return MANIFEST_DIR + "/" + owner + ".manifest";
    }

    /**
     * Makes the tree under the root hold exactly {@code files} for {@code owner} (a renderer id), removing what
     * the owner's previous apply wrote and this one does not.
     *
     * @throws RenderException on an unsafe path or any I/O failure; then nothing was changed
     */
    public WriteResult apply(String owner, List<RenderedFile> files) {
        if (!OWNER.matcher(owner).matches()) {
            throw new RenderException("invalid owner id '" + owner + "'", owner, "^[a-z0-9][a-z0-9-]{0,63}$",
                    "use the renderer id");
        }
        Path rootReal;
        try {
            Files.createDirectories(root);
            rootReal = root.toRealPath();
        } catch (IOException e) {
            throw new RenderException("cannot open target root", root.toString(), "a writable directory",
                    "create the directory or pick another --root", e);
        }
        Map<String, ManifestEntry> old = readManifest(rootReal, owner);
        Map<String, ManifestEntry> next = new TreeMap<>();
        List<Op> ops = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<WriteResult.Conflict> conflicts = new ArrayList<>();

        for (RenderedFile f : files) {
            checkPath(f.path());
            Path target = confined(rootReal, f.path());
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new RenderException("a directory is in the way of a rendered file", f.path(), "a regular file or nothing",
                        "move the directory away");
            }
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            byte[] current = exists ? read(target, f.path()) : null;
            ManifestEntry prev = old.get(f.path());
            byte[] desired;
            ManifestEntry entry;
            if (f.ownership() == RenderedFile.Ownership.WHOLE_FILE) {
                desired = f.content();
                if (exists && (prev == null || !prev.whole()) && !Arrays.equals(current, desired)) {
                    if (refuseUnowned) {
                        throw new RenderException("refusing to render: " + target + " exists and SCC does not own it;"
                                + " nothing was written", f.path(), "no file there, or one SCC wrote",
                                "move " + target + " away (or merge what you need from it into the org or project"
                                        + " config) and render again");
                    }
                    conflicts.add(new WriteResult.Conflict(f.path(), "exists and is not SCC-managed; left unchanged"));
                    continue;
                }
                entry = new ManifestEntry(true, sha256(desired), false);
            } else {
                String existing = exists ? new String(current, StandardCharsets.UTF_8) : "";
                desired = ManagedBlocks.upsert(existing, owner, f.text()).getBytes(StandardCharsets.UTF_8);
                boolean created = prev != null && !prev.whole() ? prev.created() : !exists;
                entry = new ManifestEntry(false, "-", created);
            }
            next.put(f.path(), entry);
            if (exists && Arrays.equals(current, desired)) {
                unchanged.add(f.path());
            } else {
                ops.add(new Op(f.path(), target, desired, f.mode()));
                written.add(f.path());
            }
        }

        for (Map.Entry<String, ManifestEntry> e : old.entrySet()) {
            String path = e.getKey();
            if (next.containsKey(path) || files.stream().anyMatch(f -> f.path().equals(path))) {
                continue;
            }
            checkPath(path);
            Path target = confined(rootReal, path);
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            byte[] current = read(target, path);
            if (e.getValue().whole()) {
                if (sha256(current).equals(e.getValue().sha())) {
                    ops.add(new Op(path, target, null, 0));
                    removed.add(path);
                } else {
                    conflicts.add(new WriteResult.Conflict(path, "changed since SCC wrote it; left in place"));
                }
            } else {
                String rest = ManagedBlocks.remove(new String(current, StandardCharsets.UTF_8), owner);
                if (rest.isEmpty() && e.getValue().created()) {
                    ops.add(new Op(path, target, null, 0));
                    removed.add(path);
                } else if (!Arrays.equals(rest.getBytes(StandardCharsets.UTF_8), current)) {
                    ops.add(new Op(path, target, rest.getBytes(StandardCharsets.UTF_8), 0644));
                    written.add(path);
                }
            }
        }

        String mPath = manifestPath(owner);
        Path mTarget = confined(rootReal, mPath);
        byte[] mBytes = manifestBytes(next);
        boolean mExists = Files.exists(mTarget, LinkOption.NOFOLLOW_LINKS);
        if (next.isEmpty()) {
            if (mExists) {
                ops.add(new Op(mPath, mTarget, null, 0));
            }
        } else if (!mExists || !Arrays.equals(read(mTarget, mPath), mBytes)) {
            ops.add(new Op(mPath, mTarget, mBytes, 0644));
        }
        ops.sort((a, b) -> a.path.equals(mPath) ? 1 : b.path.equals(mPath) ? -1 : a.path.compareTo(b.path));
        execute(rootReal, ops);
        return new WriteResult(written, unchanged, removed, conflicts);
    }

    private record ManifestEntry(boolean whole, String sha, boolean created) {}

    private static final class Op {
        final String path;
        final Path target;
        final byte[] content; // null = delete
        final int mode;
        Path temp;
        Path backup;
        boolean placed;

        Op(String path, Path target, byte[] content, int mode) {
            this.path = path;
            this.target = target;
            this.content = content;
            this.mode = mode;
        }
    }

    private void execute(Path rootReal, List<Op> ops) {
        List<Path> createdDirs = new ArrayList<>();
        int committed = 0;
        try {
            for (Op op : ops) {
                if (op.content == null) {
                    continue;
                }
                Path dir = op.target.getParent();
                mkdirs(rootReal, dir, createdDirs);
                op.temp = Files.createTempFile(dir, "." + op.target.getFileName() + ".scc-tmp-", "");
                Files.write(op.temp, op.content);
                setMode(op.temp, op.mode);
            }
            for (Op op : ops) {
                hook.beforeCommit(op.path);
                if (Files.exists(op.target, LinkOption.NOFOLLOW_LINKS)) {
                    Path backup = sibling(op.target, ".scc-bak-");
                    try {
                        Files.move(op.target, backup, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        Files.deleteIfExists(backup);
                        throw e;
                    }
                    op.backup = backup;
                }
                if (op.content != null) {
                    Files.move(op.temp, op.target, StandardCopyOption.ATOMIC_MOVE);
                    op.temp = null;
                    op.placed = true;
                }
                committed++;
            }
        } catch (IOException | RuntimeException e) {
            rollback(ops, createdDirs);
            throw new RenderException("writing rendered files failed (" + e + "); nothing was changed",
                    ops.isEmpty() ? "" : ops.get(Math.min(committed, ops.size() - 1)).path, "a writable target tree",
                    "fix the cause and render again", e);
        }
        for (Op op : ops) {
            try {
                if (op.backup != null) {
                    Files.deleteIfExists(op.backup);
                }
                if (op.content == null) {
                    pruneEmptyParents(rootReal, op.target.getParent());
                }
            } catch (IOException e) {
                // The new tree is in place; a leftover backup is harmless and named as SCC's.
            }
        }
    }

    private static void rollback(List<Op> ops, List<Path> createdDirs) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            try {
                if (op.placed) {
                    Files.deleteIfExists(op.target);
                }
                if (op.backup != null) {
                    Files.move(op.backup, op.target, StandardCopyOption.ATOMIC_MOVE);
                }
                if (op.temp != null) {
                    Files.deleteIfExists(op.temp);
                }
            } catch (IOException ignored) {
                // Best effort: keep restoring the others.
            }
        }
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirs.get(i));
            } catch (IOException ignored) {
                // Not empty or gone: leave it.
            }
        }
    }

    private static void mkdirs(Path rootReal, Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !d.equals(rootReal) && !Files.exists(d, LinkOption.NOFOLLOW_LINKS); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
                created.add(d);
            } catch (FileAlreadyExistsException ignored) {
                // Created by an earlier op of this apply.
            }
        }
    }

    private static void pruneEmptyParents(Path rootReal, Path dir) throws IOException {
        for (Path d = dir; d != null && d.startsWith(rootReal) && !d.equals(rootReal); d = d.getParent()) {
            try (var s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(d);
        }
    }

    private static Path sibling(Path target, String infix) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + infix, "");
    }

    private static void setMode(Path p, int mode) throws IOException {
        try {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
            };
            for (int i = 0; i < order.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    perms.add(order[i]);
                }
            }
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // Non-POSIX file system: modes are applied when the tree is copied into the container.
        }
    }

    /** Rejects paths that could leave the root. */
    public static void checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
                || path.matches("^[A-Za-z]:.*")) {
            throw unsafe(path, "is empty, absolute or not /-separated");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw unsafe(path, "has an empty, '.' or '..' segment");
            }
        }
    }

    private static RenderException unsafe(String path, String why) {
        return new RenderException("unsafe rendered path '" + path + "': " + why, path,
                "a relative path such as etc/claude-code/managed-settings.json", "fix the renderer or the plan item name");
    }

    /** The target for a checked path; refuses when any existing component below the root is a symlink. */
    private static Path confined(Path rootReal, String path) {
        Path cur = rootReal;
        for (String seg : path.split("/")) {
            cur = cur.resolve(seg);
            if (Files.isSymbolicLink(cur)) {
                throw new RenderException("rendered path '" + path + "' goes through a symbolic link ("
                        + rootReal.relativize(cur) + ")", path, "no symbolic links below the target root",
                        "remove the link; SCC never writes through links");
            }
            if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
        }
        Path t = rootReal.resolve(path).normalize();
        if (!t.startsWith(rootReal)) {
            throw unsafe(path, "resolves outside the root");
        }
        return t;
    }

    private static byte[] read(Path p, String rel) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new RenderException("cannot read " + rel, rel, "a readable file", "check permissions", e);
        }
    }

    private static Map<String, ManifestEntry> readManifest(Path rootReal, String owner) {
        String rel = manifestPath(owner);
        Path p = confined(rootReal, rel);
        Map<String, ManifestEntry> m = new TreeMap<>();
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return m;
        }
        for (String line : new String(read(p, rel), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ", 3);
            if (parts.length != 3) {
                throw new RenderException("corrupt render manifest line '" + line + "'", rel,
                        "'file <sha256> <path>' or 'block <0|1> <path>'", "delete the manifest and render again");
            }
            switch (parts[0]) {
                case "file" -> m.put(parts[2], new ManifestEntry(true, parts[1], false));
                case "block" -> m.put(parts[2], new ManifestEntry(false, "-", parts[1].equals("1")));
                default -> throw new RenderException("corrupt render manifest line '" + line + "'", rel,
                        "'file' or 'block' entries", "delete the manifest and render again");
            }
        }
        return m;
    }

    private static byte[] manifestBytes(Map<String, ManifestEntry> m) {
        StringBuilder sb = new StringBuilder("# SCC render manifest: files this owner manages. Do not edit.\n");
        m.forEach((path, e) -> sb.append(e.whole() ? "file " + e.sha() : "block " + (e.created() ? "1" : "0"))
                .append(' ').append(path).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
