package dev.scc.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A content-addressed store of workspace checkpoints, kept on the host where the agent cannot reach it (the store
 * must not lie inside the workspace it checkpoints: refused). A checkpoint records every directory (empty ones
 * too), regular file (content, permission bits, modification time) and symbolic link (its target, never followed)
 * under the workspace, {@code .git} included, so tracked and untracked files, the index, refs, reflogs and stashes
 * all come back. Contents are stored once per distinct SHA-256 ({@code objects/ab/cdef...}); a stat cache (size,
 * mtime, file key) skips reading files that did not change since the previous checkpoint, so an unchanged file
 * costs nothing.
 *
 * <p>Restores are all-or-nothing: the manifest's digest and every content's SHA-256 are checked while the tree is
 * staged next to the target, and the target is only touched once the whole tree is staged; a corrupt checkpoint,
 * a missing object, a full disk or a read-only target fail with a {@link CheckpointException} and leave the target
 * as it was. A restore into an existing directory first checkpoints what is there.
 *
 * <p>Set-id and sticky bits are not kept (a workspace has no business with them, and restoring them would be a
 * way to plant one); ownership is the restoring user's. Files and directories the host user cannot read (an agent
 * can {@code chmod 000} its own files) are skipped and named in {@link #lastSkipped()}, never silently lost.
 *
 * <p>One process at a time per store (a lock file); instances are safe for use from one thread at a time.
 */
public final class CheckpointStore {
    private static final String INFO = ".info";
    private static final String MANIFEST = ".ckpt";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** Files modified this close before the previous scan are read again (coarse mtime granularity). */
    private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final Set<String> ignored;
    private final Clock clock;
    /** The lock files of the stores this process holds (one user per store, across every instance). */
    private static final Set<Path> HELD_IN_THIS_PROCESS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private StatCache cache;
    /** One copy buffer per store (one thread at a time): a full checkpoint copies every file through it. */
    private final ByteBuffer copyBuffer = ByteBuffer.allocate(1 << 17);
    private List<String> lastSkipped = List.of();
    /** While tracking: the watcher, and each directory's listing as the last checkpoint saw it. */
    private ChangeTracker tracker;
    private Path trackedRoot;
    private Map<String, Listing> tree;
    private int sinceFullWalk;
    private boolean lastWalkWasFull = true;
    private boolean cacheUnsaved;

    /** A directory's direct children as a checkpoint recorded them (sorted by name), and those it had to skip. */
    private record Listing(List<Manifest.Entry> children, List<String> skipped) {}

    /** After this many tracked checkpoints one walks everything anyway: the watcher is trusted, not blindly. */
    static final int FULL_WALK_EVERY = 24;

    /**
     * A file still being written is deferred by a settling checkpoint at most this many checkpoints in a row; the
     * next one copies it as it is, so a file that never stops changing is still captured.
     */
    public static final int MAX_DEFERRALS = 3;
    /** Files a settling checkpoint recorded as the previous checkpoint had them, and how many times in a row. */
    private final Map<String, Integer> deferrals = new HashMap<>();
    /** Directories holding a deferred file: the next checkpoint lists them whatever the watcher says. */
    private Set<String> relist = Set.of();

    private CheckpointStore(Path dir, Set<String> ignored, Clock clock) {
        this.dir = dir;
        this.ignored = Set.copyOf(ignored);
        this.clock = clock;
    }

    /**
     * Opens (creating, mode 0700) the store at {@code dir}. {@code ignored}: directory names (anywhere) or
     * workspace-relative directory paths that checkpoints leave out (build output, dependency caches).
     */
    public static CheckpointStore open(Path dir, Set<String> ignored, Clock clock) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(dir.resolve("objects"));
            Files.createDirectories(dir.resolve("checkpoints"));
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw ioFailure("cannot create the checkpoint store " + dir, e, "check that the state directory is writable");
        }
        return new CheckpointStore(dir, ignored, clock);
    }

    /** Opens an existing store; a missing one is an error naming it. */
    public static CheckpointStore existing(Path dir, Set<String> ignored, Clock clock) {
        if (!Files.isDirectory(dir.resolve("checkpoints"))) {
            throw new CheckpointException("no checkpoint store at " + dir, "checkpoints are taken by 'scc start'; "
                    + "take one with 'scc checkpoint'");
        }
        return new CheckpointStore(dir, ignored, clock);
    }

    public Path dir() {
        return dir;
    }

    /** Workspace-relative paths the last {@link #create} could not read and so left out. */
    public List<String> lastSkipped() {
        return lastSkipped;
    }

    // ---------------------------------------------------------------------------------------------- checkpoint

    /** Takes a checkpoint of {@code workspace}: every file as it is now. */
    public Checkpoint create(Path workspace, String reason) {
        return create(workspace, reason, java.time.Duration.ZERO);
    }

    /**
     * Takes a checkpoint of {@code workspace} that leaves files still being written to a later one: a file modified
     * within {@code settle} of now whose previous version the previous checkpoint already holds is recorded as that
     * version (its content stays in the store: nothing is lost, the checkpoint shows it as it was a moment before),
     * at most {@link #MAX_DEFERRALS} checkpoints in a row; then it is copied as it is. New files are always copied.
     * For periodic checkpoints, which would otherwise copy a file being rewritten on every run and double the
     * writer's I/O; a checkpoint that must hold the latest state (before a risky command, before a restore) uses
     * {@link #create(Path, String)}. A zero {@code settle} defers nothing.
     */
    public Checkpoint create(Path workspace, String reason, java.time.Duration settle) {
        Path root = realDirectory(workspace);
        if (dir.toAbsolutePath().normalize().startsWith(root) || storeReal().map(s -> s.startsWith(root)).orElse(false)) {
            throw new CheckpointException("the checkpoint store " + dir + " lies inside the workspace " + root
                    + ", where the agent could alter it", "keep the store in SCC's state directory");
        }
        requireStore();
        try (FileLock lock = lock()) {
            return createLocked(root, reason, settle.isNegative() ? 0 : settle.toNanos());
        } catch (IOException e) {
            throw ioFailure("cannot lock the checkpoint store " + dir, e, "check that the state directory is writable");
        }
    }

    /**
     * Keeps watching {@code workspace} so that the following {@link #create}s of it re-read only the directories
     * that changed (inotify on Linux) instead of walking the whole tree: what a periodic checkpointer wants. Where
     * no watch can be placed (the user's inotify limit, a file system without events), and on a network or FUSE file
     * system whose events miss other clients' writes, checkpoints simply walk, as without tracking. Close the handle to stop watching.
     */
    public AutoCloseable track(Path workspace) {
        stopTracking();
        trackedRoot = realDirectory(workspace);
        startTracker();
        return this::stopTracking;
    }

    private void startTracker() {
        tree = null;
        if (!eventsSeeEveryWrite(trackedRoot)) {
            tracker = null; // a network or FUSE file system: walk every time
            return;
        }
        try {
            Path barrier = dir.resolve("watch-barrier"); // not under tmp/, which every checkpoint empties
            tracker = new ChangeTracker(trackedRoot, p -> ignoredDir(trackedRoot, p), barrier);
        } catch (IOException | RuntimeException e) {
            tracker = null; // walk every time: slower, never wrong
        }
    }

    /**
     * Whether the kernel's change events on {@code root}'s file system report every write. On a network or FUSE
     * file system (NFS, SMB, 9p, sshfs, ...) inotify reports only this machine's own writes, so a change made from
     * another client would never reach a tracked checkpoint: there checkpoints walk. Unknown: assume not.
     */
    static boolean eventsSeeEveryWrite(Path root) {
        try {
            return eventsSeeEveryWrite(Files.getFileStore(root).type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean eventsSeeEveryWrite(String fsType) {
        String t = fsType.toLowerCase(java.util.Locale.ROOT);
        return !(t.startsWith("nfs") || t.startsWith("smb") || t.equals("cifs") || t.equals("9p") || t.startsWith("fuse")
                || t.equals("ceph") || t.equals("glusterfs") || t.equals("lustre") || t.equals("afs") || t.equals("gpfs")
                || t.equals("virtiofs") || t.equals("vboxsf") || t.equals("prl_fs") || t.isEmpty());
    }

    private void stopTracking() {
        if (tracker != null) {
            tracker.close();
        }
        if (cacheUnsaved && cache != null) {
            try (FileLock lock = lock()) {
                cache.save(dir.resolve("statcache"), this::writeAtomically);
            } catch (IOException | RuntimeException e) {
                // the older cache on disk stays valid; the next process reads a few more files
            } finally {
                cacheUnsaved = false;
                cleanTmp();
            }
        }
        tracker = null;
        trackedRoot = null;
        tree = null;
    }

    private boolean ignoredDir(Path root, Path d) {
        return !d.equals(root) && (ignored.contains(d.getFileName().toString()) || ignored.contains(rel(root, d)));
    }

    /** Whether the tracked workspace's directory {@code rel} is watched right now (false while it is suspended). */
    boolean watching(String rel) {
        ChangeTracker t = tracker;
        return t != null && t.watches(rel);
    }

    /** Whether the last {@link #create} walked the whole tree (false: it re-read only what the watcher reported). */
    boolean lastWalkWasFull() {
        return lastWalkWasFull;
    }

    private Checkpoint createLocked(Path root, String reason, long settleNanos) {
        StatCache previous = cache != null ? cache : StatCache.load(dir.resolve("statcache"));
        StatCache next = new StatCache(System.currentTimeMillis() * 1_000_000L);
        List<Manifest.Entry> entries = new ArrayList<>();
        entries.add(new Manifest.Dir("", rootMode(root)));
        List<String> skipped = new ArrayList<>();
        long[] totals = new long[2];
        int[] counts = {0, 1, 0};
        Walk w = new Walk(root, entries, skipped, previous, next, totals, counts, changes(root), new HashMap<>(),
                settleNanos, System.currentTimeMillis() * 1_000_000L, relist, new HashSet<>(), new HashSet<>());
        try {
            try (WorkspaceDir top = WorkspaceDir.root(root)) {
                walk(w, top, "", false);
            }
            // A deferral counts only in a row: a file this checkpoint copied (or that is gone) starts again at zero.
            deferrals.keySet().retainAll(w.deferred);
            w.deferred.forEach(p -> deferrals.merge(p, 1, Integer::sum));
            relist = Set.copyOf(w.relistNext);
            Instant now = clock.instant();
            Manifest m = new Manifest(now, reason, entries);
            byte[] bytes = m.write();
            String id = ID_TIME.format(now) + "-" + Manifest.sha256(bytes).substring(0, 8);
            writeAtomically(dir.resolve("checkpoints").resolve(id + MANIFEST), bytes);
            Checkpoint c = new Checkpoint(id, now, reason, counts[0], counts[1], counts[2], totals[0], totals[1]);
            writeAtomically(dir.resolve("checkpoints").resolve(id + INFO), info(c, skipped));
            // A tracked store keeps the stat cache in memory and writes it on full walks and when tracking stops: an
            // older cache on disk is still true (it only saves fewer reads), and rewriting it each time would cost
            // as much as the rest of an incremental checkpoint.
            cache = next;
            lastWalkWasFull = w.changes == null;
            if (lastWalkWasFull) {
                next.save(dir.resolve("statcache"), this::writeAtomically);
                cacheUnsaved = false;
            } else {
                cacheUnsaved = true;
            }
            tree = tracker != null && root.equals(trackedRoot) ? w.nextTree : null;
            lastSkipped = List.copyOf(skipped);
            return c;
        } catch (IOException e) {
            throw ioFailure("cannot checkpoint " + root, e, "free space on the state directory's disk, or lower the "
                    + "checkpoint retention");
        } catch (UncheckedIOException e) {
            throw ioFailure("cannot checkpoint " + root, e.getCause(), "free space on the state directory's disk");
        } finally {
            cleanTmp();
        }
    }

    /** One checkpoint's walk: where it writes, and what the watcher said changed (null: walk everything). */
    private record Walk(Path root, List<Manifest.Entry> entries, List<String> skipped, StatCache previous,
            StatCache next, long[] totals, int[] counts, ChangeTracker.Changes changes, Map<String, Listing> nextTree,
            long settleNanos, long nowNanos, Set<String> relist, Set<String> deferred, Set<String> relistNext) {}

    /**
     * What changed since the last checkpoint of a tracked workspace, or null when this checkpoint must walk
     * everything: not tracked, first checkpoint, the watcher lost track (it is restarted before the walk, so the
     * walk's result is good to build on), or the periodic full walk is due.
     */
    private ChangeTracker.Changes changes(Path root) {
        if (tracker == null || !root.equals(trackedRoot)) {
            return null;
        }
        java.util.Optional<ChangeTracker.Changes> c = tracker.drain();
        if (c.isEmpty() || tree == null || ++sinceFullWalk >= FULL_WALK_EVERY) {
            sinceFullWalk = 0;
            tracker.close();
            startTracker();
            return null;
        }
        return c.get();
    }

    /**
     * Pre-order walk, children sorted by name, one {@code lstat} per entry (links are recorded, never followed).
     * Unreadable entries are skipped and named; entries that vanish while we walk are not part of this state. With
     * the watcher's word a directory that did not change is taken from the previous listing without a syscall;
     * {@code fresh}: the directory or an ancestor is new since the last checkpoint (always listed).
     */
    private void walk(Walk w, WorkspaceDir d, String dRel, boolean fresh) throws IOException {
        Listing before = w.changes == null || fresh || tree == null ? null : tree.get(dRel);
        Listing listing;
        if (before != null && !w.changes.dirty().contains(dRel) && !w.relist.contains(dRel) && tracker.watches(dRel)) {
            listing = before;
            for (Manifest.Entry e : listing.children()) {
                if (e instanceof Manifest.File f) {
                    w.next.put(f.path(), w.previous.get(f.path()));
                }
            }
        } else {
            listing = list(w, d);
            if (listing == null) {
                return;
            }
        }
        w.nextTree.put(dRel, listing);
        w.skipped.addAll(listing.skipped());
        // This directory's entries are all recorded before its subdirectories are walked (pre-order by name).
        for (Manifest.Entry e : listing.children()) {
            w.entries.add(e);
            if (e instanceof Manifest.Dir sub) {
                w.counts[1]++;
                boolean freshBelow = fresh || w.changes != null && w.changes.added().contains(sub.path());
                try (WorkspaceDir subDir = d.child(sub.path().substring(sub.path().lastIndexOf('/') + 1))) {
                    walk(w, subDir, sub.path(), freshBelow);
                }
            } else if (e instanceof Manifest.Link) {
                w.counts[2]++;
            } else if (e instanceof Manifest.File f) {
                w.counts[0]++;
                w.totals[0] += f.size();
            }
        }
    }

    /**
     * Lists {@code d} as it is now: one {@code lstat} per child, contents stored for files the stat cache cannot
     * vouch for. Null when the directory is gone; an unreadable one is named in the walk's skipped list.
     */
    private Listing list(Walk w, WorkspaceDir dir) throws IOException {
        Path root = w.root;
        Path d = dir.path();
        List<Path> children;
        try {
            children = dir.entries();
        } catch (AccessDeniedException denied) {
            w.skipped.add(rel(root, d) + "/");
            return null;
        } catch (NoSuchFileException | WorkspaceDir.Swapped gone) {
            return null; // gone, or no longer a directory (a link or a file now): not part of this state
        }
        children.sort(Comparator.comparing(Path::getFileName));
        List<Manifest.Entry> listed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path c : children) {
            PosixFileAttributes a;
            try {
                a = dir.attributes(c);
            } catch (NoSuchFileException gone) {
                continue;
            }
            String rel = rel(root, c);
            if (a.isDirectory()) {
                if (!ignoredDir(root, c)) {
                    listed.add(new Manifest.Dir(rel, mode(a)));
                }
            } else if (a.isSymbolicLink()) {
                listed.add(new Manifest.Link(rel, Files.readSymbolicLink(c).toString()));
            } else if (a.isRegularFile()) {
                long mtime = nanos(a.lastModifiedTime());
                String key = String.valueOf(a.fileKey());
                StatCache.Stat old = w.previous.get(rel);
                String hash;
                long size = a.size();
                if (old != null && old.size() == size && old.mtimeNanos() == mtime && old.fileKey().equals(key)
                        && mtime < w.previous.scanStartNanos - RACY_NANOS) {
                    hash = old.hash();
                } else if (old != null && w.settleNanos > 0 && mtime > w.nowNanos - w.settleNanos
                        && deferrals.getOrDefault(rel, 0) < MAX_DEFERRALS && Files.exists(object(old.hash()))) {
                    // Still being written: record the version the store already holds; the stat cache keeps the old
                    // stat, so the next checkpoint sees the change again, and lists this directory again.
                    w.deferred.add(rel);
                    w.relistNext.add(rel(root, d));
                    w.next.put(rel, old);
                    listed.add(new Manifest.File(rel, mode(a), old.size(), old.mtimeNanos(), old.hash()));
                    continue;
                } else {
                    java.nio.channels.SeekableByteChannel in;
                    try {
                        in = dir.read(c);
                    } catch (AccessDeniedException denied) {
                        skipped.add(rel);
                        continue;
                    } catch (NoSuchFileException | WorkspaceDir.Swapped gone) {
                        continue; // gone, or a link now: not part of this state
                    }
                    try (in) {
                        long[] sizeAndNew = new long[2];
                        hash = store(in, sizeAndNew);
                        size = sizeAndNew[0];
                        w.totals[1] += sizeAndNew[1];
                    }
                }
                w.next.put(rel, new StatCache.Stat(size, mtime, key, hash));
                listed.add(new Manifest.File(rel, mode(a), size, mtime, hash));
                if (tracker != null && hardLinked(c)) {
                    // A write through its other name is reported to that name's directory only: list this one
                    // every time.
                    w.relistNext.add(rel(root, d));
                }
            }
        }
        return new Listing(List.copyOf(listed), List.copyOf(skipped));
    }

    /** Whether the file {@code f} has more than one name (unknown: no). */
    private static boolean hardLinked(Path f) {
        try {
            return ((Integer) Files.getAttribute(f, "unix:nlink", LinkOption.NOFOLLOW_LINKS)) > 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Copies {@code in} into the store while hashing it; returns the hash; {@code out}: bytes read, bytes added. */
    private String store(java.nio.channels.ReadableByteChannel in, long[] out) throws IOException {
        MessageDigest md = sha256();
        Path tmp = Files.createTempFile(dir.resolve("tmp"), "o", "");
        long n = 0;
        try (FileChannel w = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = copyBuffer;
            buf.clear();
            while (in.read(buf) >= 0) {
                buf.flip();
                md.update(buf.array(), 0, buf.limit());
                n += buf.limit();
                while (buf.hasRemaining()) {
                    w.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        String hash = HexFormat.of().formatHex(md.digest());
        Path obj = object(hash);
        out[0] = n;
        if (Files.exists(obj)) {
            Files.delete(tmp);
        } else {
            Files.createDirectories(obj.getParent());
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
            Files.move(tmp, obj, StandardCopyOption.ATOMIC_MOVE);
            out[1] = n;
        }
        return hash;
    }

    // ---------------------------------------------------------------------------------------------- list

    /** Every checkpoint, oldest first. */
    public List<Checkpoint> list() {
        requireStore();
        List<Checkpoint> out = new ArrayList<>();
        try (var s = Files.list(dir.resolve("checkpoints"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(INFO)).sorted().toList()) {
                out.add(readInfo(p));
            }
        } catch (IOException e) {
            throw ioFailure("cannot list the checkpoints in " + dir, e, "check the state directory");
        }
        out.sort(Comparator.comparing(Checkpoint::created).thenComparing(Checkpoint::id));
        return List.copyOf(out);
    }

    /** The checkpoint with this id or unique id prefix. */
    public Optional<Checkpoint> find(String idOrPrefix) {
        List<Checkpoint> m = list().stream().filter(c -> c.id().startsWith(idOrPrefix)).toList();
        if (m.size() > 1 && m.stream().noneMatch(c -> c.id().equals(idOrPrefix))) {
            throw new CheckpointException("checkpoint '" + idOrPrefix + "' is ambiguous (" + m.size() + " match)",
                    "give more of the id");
        }
        return m.stream().filter(c -> c.id().equals(idOrPrefix)).findFirst().or(() -> m.stream().findFirst());
    }

    /** Checks the manifest's digest and every content's SHA-256; throws naming the first damage found. */
    public void verify(String id) {
        Manifest m = manifest(id);
        for (Manifest.Entry e : m.entries) {
            if (e instanceof Manifest.File f) {
                try (InputStream in = Files.newInputStream(object(f.hash()))) {
                    verifyCopy(in, OutputStream.nullOutputStream(), f, id);
                } catch (NoSuchFileException missing) {
                    throw Manifest.corrupt(id, "the content of " + f.path() + " (" + f.hash() + ") is missing");
                } catch (IOException ex) {
                    throw ioFailure("cannot read checkpoint " + id, ex, "check the state directory");
                }
            }
        }
    }

    /**
     * What a checkpoint holds, without reading contents: path to {@code "D <mode>"}, {@code "F <mode> <sha256>"} or
     * {@code "L <target>"} (modes in octal). {@link #describe} gives the same form for a path on disk.
     */
    public Map<String, String> index(String id) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Manifest.Entry e : manifest(id).entries) {
            if (e instanceof Manifest.Dir d) {
                out.put(d.path(), "D " + Integer.toOctalString(d.mode()));
            } else if (e instanceof Manifest.File f) {
                out.put(f.path(), "F " + Integer.toOctalString(f.mode()) + " " + f.hash());
            } else if (e instanceof Manifest.Link l) {
                out.put(l.path(), "L " + l.target());
            }
        }
        return out;
    }

    /** The {@link #index} form of {@code p} on disk (links not followed), or empty when it does not exist. */
    public static Optional<String> describe(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return Optional.of("L " + Files.readSymbolicLink(p));
            }
            if (a.isDirectory()) {
                return Optional.of("D " + Integer.toOctalString(mode(a)));
            }
            return Optional.of("F " + Integer.toOctalString(mode(a)) + " "
                    + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(p))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw ioFailure("cannot read " + p, e, "check its permissions");
        }
    }

    /** The content of one file of a checkpoint, checked against its digest. */
    public byte[] content(String id, String path) {
        for (Manifest.Entry e : manifest(id).entries) {
            if (e instanceof Manifest.File f && f.path().equals(path)) {
                try {
                    byte[] b = Files.readAllBytes(object(f.hash()));
                    if (!HexFormat.of().formatHex(sha256().digest(b)).equals(f.hash())) {
                        throw Manifest.corrupt(id, "the content of " + path + " does not match its digest");
                    }
                    return b;
                } catch (IOException ex) {
                    throw Manifest.corrupt(id, "the content of " + path + " cannot be read (" + ex + ")");
                }
            }
        }
        throw new CheckpointException("checkpoint " + id + " has no file " + path, "list it with 'scc checkpoints'");
    }

    /** The paths and contents of a checkpoint (for review and tests): path to bytes, links to their target. */
    public Map<String, byte[]> files(String id) {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (Manifest.Entry e : manifest(id).entries) {
            if (e instanceof Manifest.File f) {
                try {
                    byte[] b = Files.readAllBytes(object(f.hash()));
                    if (!HexFormat.of().formatHex(sha256().digest(b)).equals(f.hash())) {
                        throw Manifest.corrupt(id, "the content of " + f.path() + " does not match its digest");
                    }
                    out.put(f.path(), b);
                } catch (IOException ex) {
                    throw Manifest.corrupt(id, "the content of " + f.path() + " cannot be read (" + ex + ")");
                }
            } else if (e instanceof Manifest.Link l) {
                out.put(l.path(), ("-> " + l.target()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- restore

    /**
     * Restores checkpoint {@code id} into {@code target}: an existing directory (its current state is checkpointed
     * first, then its contents are replaced), or a directory that does not exist yet (or is empty). All or nothing.
     */
    public RestoreReport restore(String id, Path target) {
        requireStore();
        Checkpoint c = find(id).orElseThrow(() -> new CheckpointException("no checkpoint '" + id + "' in " + dir,
                "list them with 'scc checkpoints'"));
        Manifest m = manifest(c.id());
        for (Manifest.Entry e : m.entries) {
            if (e instanceof Manifest.File f && !Files.exists(object(f.hash()))) {
                throw Manifest.corrupt(c.id(), "the content of " + f.path() + " (" + f.hash() + ") is missing");
            }
        }
        Path t = target.toAbsolutePath().normalize();
        boolean existed = Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS);
        if (!existed && Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
            throw new CheckpointException("restore target " + t + " exists and is not a directory",
                    "name a directory, or a path that does not exist yet");
        }
        Optional<Checkpoint> before = Optional.empty();
        if (existed && !isEmpty(t)) {
            before = Optional.of(create(t, "before-restore " + c.id()));
        }
        try (FileLock lock = lock()) {
            if (!existed) {
                try {
                    Files.createDirectories(t);
                } catch (IOException e) {
                    throw ioFailure("cannot create the restore target " + t, e, "choose a writable location");
                }
            }
            String nonce = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
            Path stage = t.resolve(".scc-restore-" + nonce);
            try {
                stage(m, c.id(), stage);
            } catch (RuntimeException | IOException e) {
                deleteTree(stage);
                if (!existed) {
                    deleteTree(t);
                }
                if (e instanceof CheckpointException ce) {
                    throw ce;
                }
                throw ioFailure("cannot restore checkpoint " + c.id() + " into " + t + " (nothing was changed)",
                        e instanceof IOException io ? io : new IOException(e), "free space on " + t
                                + "'s disk, or restore elsewhere with --to");
            }
            swap(t, stage, nonce);
            int rootMode = m.entries.stream().filter(e -> e instanceof Manifest.Dir d && d.path().isEmpty())
                    .mapToInt(e -> ((Manifest.Dir) e).mode()).findFirst().orElse(0755);
            setMode(t, rootMode);
            return new RestoreReport(c, t, before);
        } catch (IOException e) {
            throw ioFailure("cannot lock the checkpoint store " + dir, e, "check that the state directory is writable");
        }
    }

    private void stage(Manifest m, String id, Path stage) throws IOException {
        Files.createDirectory(stage, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<Manifest.Dir> dirs = new ArrayList<>();
        for (Manifest.Entry e : m.entries) {
            if (e.path().isEmpty()) {
                continue;
            }
            Path p = stage.resolve(e.path());
            if (!p.normalize().startsWith(stage)) {
                throw Manifest.corrupt(id, "entry '" + e.path() + "' points outside the restore target");
            }
            if (e instanceof Manifest.Dir d) {
                Files.createDirectories(p);
                dirs.add(d);
            } else if (e instanceof Manifest.Link l) {
                Files.createSymbolicLink(p, Path.of(l.target()));
            } else if (e instanceof Manifest.File f) {
                try (InputStream in = Files.newInputStream(object(f.hash()));
                        OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW)) {
                    verifyCopy(in, out, f, id);
                }
                setMode(p, f.mode());
                Files.setLastModifiedTime(p, FileTime.from(f.mtimeNanos(), TimeUnit.NANOSECONDS));
            }
        }
        // Directory modes last, deepest first: a read-only directory is filled before it is closed.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            setMode(stage.resolve(dirs.get(i).path()), dirs.get(i).mode());
        }
    }

    /** Moves the target's entries aside and the staged ones in; on failure puts everything back. */
    private static void swap(Path t, Path stage, String nonce) {
        Path trash = t.resolve(".scc-trash-" + nonce);
        List<Path[]> done = new ArrayList<>();
        try {
            Files.createDirectory(trash);
            try (var s = Files.list(t)) {
                for (Path p : s.filter(p -> !p.equals(stage) && !p.equals(trash)).toList()) {
                    Path to = trash.resolve(p.getFileName().toString());
                    Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
                    done.add(new Path[] {p, to});
                }
            }
            try (var s = Files.list(stage)) {
                for (Path p : s.toList()) {
                    Path to = t.resolve(p.getFileName().toString());
                    Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
                    done.add(new Path[] {p, to});
                }
            }
        } catch (IOException e) {
            for (int i = done.size() - 1; i >= 0; i--) {
                try {
                    Files.move(done.get(i)[1], done.get(i)[0], StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException ignored) {
                    // reported below: the target's own entries are in the trash directory
                }
            }
            deleteTree(stage);
            throw ioFailure("cannot swap the restored tree into " + t + "; the previous contents were put back"
                    + (Files.exists(trash) && !isEmpty(trash) ? " as far as possible (see " + trash + ")" : ""), e,
                    "check that nothing else holds the directory (a running session: stop it first)");
        }
        deleteTree(trash);
        deleteTree(stage);
    }

    private static void verifyCopy(InputStream in, OutputStream out, Manifest.File f, String id) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 17];
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            md.update(buf, 0, r);
            out.write(buf, 0, r);
            n += r;
        }
        if (n != f.size() || !HexFormat.of().formatHex(md.digest()).equals(f.hash())) {
            throw Manifest.corrupt(id, "the content of " + f.path() + " does not match its digest");
        }
    }

    // ---------------------------------------------------------------------------------------------- retention

    /** Applies {@code r}; returns the ids removed. Contents no remaining checkpoint refers to are deleted. */
    public List<String> prune(Retention r) {
        requireStore();
        try (FileLock lock = lock()) {
            List<Checkpoint> all = new ArrayList<>(list());
            List<String> removed = new ArrayList<>();
            Instant cutoff = clock.instant().minus(r.maxAge());
            while (all.size() > r.keepAtLeast() && all.get(0).created().isBefore(cutoff)) {
                removed.add(drop(all.remove(0)));
            }
            long size = collect(all);
            while (size > r.maxBytes() && all.size() > r.keepAtLeast()) {
                removed.add(drop(all.remove(0)));
                size = collect(all);
            }
            return removed;
        } catch (IOException e) {
            throw ioFailure("cannot prune the checkpoint store " + dir, e, "check the state directory");
        }
    }

    /** The bytes of contents the store holds. */
    public long sizeBytes() {
        long[] total = {0};
        try (var s = Files.walk(dir.resolve("objects"))) {
            s.filter(Files::isRegularFile).forEach(p -> total[0] += p.toFile().length());
        } catch (IOException e) {
            throw ioFailure("cannot measure the checkpoint store " + dir, e, "check the state directory");
        }
        return total[0];
    }

    private String drop(Checkpoint c) throws IOException {
        Files.deleteIfExists(dir.resolve("checkpoints").resolve(c.id() + INFO));
        Files.deleteIfExists(dir.resolve("checkpoints").resolve(c.id() + MANIFEST));
        return c.id();
    }

    /** Deletes contents no checkpoint in {@code keep} refers to; returns the bytes that remain. */
    private long collect(List<Checkpoint> keep) throws IOException {
        Set<String> live = new HashSet<>();
        for (Checkpoint c : keep) {
            for (Manifest.Entry e : manifest(c.id()).entries) {
                if (e instanceof Manifest.File f) {
                    live.add(f.hash());
                }
            }
        }
        long size = 0;
        try (var s = Files.walk(dir.resolve("objects"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String hash = p.getParent().getFileName().toString() + p.getFileName();
                if (live.contains(hash)) {
                    size += Files.size(p);
                } else {
                    Files.delete(p);
                }
            }
        }
        // Cached digests may name deleted contents: the next checkpoint reads every file again.
        cache = null;
        Files.deleteIfExists(dir.resolve("statcache"));
        return size;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Manifest manifest(String id) {
        Path p = dir.resolve("checkpoints").resolve(id + MANIFEST);
        try {
            return Manifest.read(Files.readAllBytes(p), id);
        } catch (NoSuchFileException e) {
            throw Manifest.corrupt(id, "its manifest is missing");
        } catch (IOException e) {
            throw ioFailure("cannot read checkpoint " + id, e, "check the state directory");
        }
    }

    private Path object(String hash) {
        return dir.resolve("objects").resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    }

    private void requireStore() {
        if (!Files.isDirectory(dir.resolve("checkpoints")) || !Files.isDirectory(dir.resolve("objects"))) {
            throw new CheckpointException("the checkpoint store " + dir + " is gone (removed while a session ran?)",
                    "earlier checkpoints are lost; 'scc start' or 'scc checkpoint' creates a new store");
        }
    }

    private Optional<Path> storeReal() {
        try {
            return Optional.of(dir.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    FileLock lock() throws IOException {
        // Checked before the lock file is opened: POSIX drops every lock this process holds on a file as soon as
        // any descriptor of it is closed, so a refused second user that opened and closed the file would silently
        // release the first user's lock to other processes.
        Path lockFile = dir.resolve("lock").toAbsolutePath().normalize();
        if (!HELD_IN_THIS_PROCESS.add(lockFile)) {
            throw new CheckpointException("the checkpoint store " + dir + " is already in use in this process",
                    "take checkpoints one at a time");
        }
        FileChannel ch;
        FileLock l;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                l = ch.tryLock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (l == null) {
                ch.close();
                throw new CheckpointException("another process is using the checkpoint store " + dir,
                        "wait for it to finish and try again");
            }
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_PROCESS.remove(lockFile);
            throw e;
        }
        return new FileLock(ch, 0, Long.MAX_VALUE, false) {
            @Override
            public boolean isValid() {
                return l.isValid();
            }

            @Override
            public void release() throws IOException {
                try {
                    l.release();
                    ch.close();
                } finally {
                    HELD_IN_THIS_PROCESS.remove(lockFile);
                }
            }
        };
    }

    private void writeAtomically(Path target, byte[] bytes) {
        try {
            Path tmp = Files.createTempFile(dir.resolve("tmp"), "w", "");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void cleanTmp() {
        try (var s = Files.list(dir.resolve("tmp"))) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // leftovers are removed by the next checkpoint
        }
    }

    private static byte[] info(Checkpoint c, List<String> skipped) {
        StringBuilder sb = new StringBuilder();
        sb.append("id=").append(c.id()).append('\n').append("created=").append(c.created()).append('\n')
                .append("reason=").append(Manifest.escape(c.reason())).append('\n')
                .append("files=").append(c.files()).append('\n').append("directories=").append(c.directories())
                .append('\n').append("links=").append(c.links()).append('\n').append("bytes=").append(c.bytes())
                .append('\n').append("new_bytes=").append(c.newBytes()).append('\n')
                .append("skipped=").append(skipped.size()).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Checkpoint readInfo(Path p) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            return new Checkpoint(m.get("id"), Instant.parse(m.get("created")), Manifest.unescape(m.get("reason")),
                    Integer.parseInt(m.get("files")), Integer.parseInt(m.get("directories")),
                    Integer.parseInt(m.get("links")), Long.parseLong(m.get("bytes")), Long.parseLong(m.get("new_bytes")));
        } catch (RuntimeException e) {
            String id = p.getFileName().toString().replace(INFO, "");
            throw Manifest.corrupt(id, "its summary " + p + " does not parse");
        }
    }

    private static Path realDirectory(Path workspace) {
        try {
            Path r = workspace.toRealPath();
            if (!Files.isDirectory(r)) {
                throw new CheckpointException(workspace + " is not a directory", "checkpoint a workspace directory");
            }
            return r;
        } catch (IOException e) {
            throw ioFailure("cannot read the workspace " + workspace, e, "check that it exists and is readable");
        }
    }

    /** {@code p} relative to {@code root}, {@code /}-separated: the path form of manifests, caches and the tracker. */
    static String rel(Path root, Path p) {
        String s = root.relativize(p).toString();
        return java.io.File.separatorChar == '/' ? s : s.replace(java.io.File.separatorChar, '/');
    }

    private static int rootMode(Path root) {
        try {
            return mode(Files.readAttributes(root, PosixFileAttributes.class));
        } catch (IOException e) {
            throw ioFailure("cannot read the workspace " + root, e, "check that it exists and is readable");
        }
    }

    private static int mode(BasicFileAttributes a) {
        if (a instanceof PosixFileAttributes pa) {
            int m = 0;
            for (PosixFilePermission p : pa.permissions()) {
                m |= 1 << (8 - p.ordinal());
            }
            return m;
        }
        return a.isDirectory() ? 0755 : 0644;
    }

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission pp : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - pp.ordinal()))) != 0) {
                perms.add(pp);
            }
        }
        Files.setPosixFilePermissions(p, perms);
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isEmpty(Path d) {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    if (!Files.isSymbolicLink(p)) {
                        p.toFile().setWritable(true, true);
                    }
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException | AccessDeniedException e) {
                    // left for the user; the error that led here is what they need to see
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static CheckpointException ioFailure(String what, IOException e, String fix) {
        String why = e.getMessage() != null && e.getMessage().contains("No space left") ? "the disk is full"
                : String.valueOf(e.getMessage()).contains("Read-only file system") ? "the file system is read-only"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new CheckpointException(what + ": " + why, fix, e);
    }
}
