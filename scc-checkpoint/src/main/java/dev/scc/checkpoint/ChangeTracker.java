package dev.scc.checkpoint;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Which directories of a workspace changed since the last {@link #drain}: one watch per directory (inotify on
 * Linux), so a checkpoint re-reads only those instead of walking the whole tree. It only ever says "changed" too
 * often, never too rarely: when it cannot be sure (the kernel queue overflowed, the barrier did not come back) {@link
 * #drain} answers empty and the caller walks everything.
 *
 * <p><b>One event per directory per drain.</b> A watched directory costs every write in it an event (measured: a
 * writer rewriting files in a watched directory ran 6-13 % slower than in an unwatched one, bench/checkpoint/watch-cost.sh). A directory only needs
 * to be reported once between drains, so a listener thread cancels a directory's watch at its first event and marks
 * it dirty (suspended). The drain watches it again, then compares its subdirectories with the ones known (by file
 * identity, so a directory renamed, removed or replaced while its parent was suspended is noticed) and reports the
 * new ones as added (walked whole); the caller re-lists every dirty directory after the drain, so what changed while
 * it was unwatched is read then.
 *
 * <p>Events reach the JDK's watch service through a thread of its own, so "no event yet" is not "no change yet". A
 * drain therefore first touches a file in a private barrier directory watched by the same service and waits until
 * the listener has seen that event: the kernel delivers one inotify instance's events in order and the JDK queues
 * signalled keys in order, so everything written before the drain began has been taken into account by then.
 *
 * <p>What events cannot tell, and so makes a directory listed every time or the checkpoint walk: a directory on
 * another device than the root (a mount inside the workspace) is never watched; a mount made or removed at or below
 * the root, or the root itself replaced, makes the next checkpoint walk everything. Writes through a hard link from
 * another directory, and writes through a shared memory mapping, are reported to nobody (inotify's own limits): the
 * checkpoint store re-lists every directory holding a file with more than one link, and every 24th checkpoint walks
 * everything.
 *
 * <p>A renamed directory keeps its kernel watch, and the JDK (which hands back the existing key for an inode it
 * already watches) would keep reporting its events under the old path; so every directory found gone or replaced has
 * its watches cancelled (its subtree's too) before any directory is registered.
 */
final class ChangeTracker implements AutoCloseable {
    /** What changed: directories to re-list and directories that are new (walk whole), workspace-relative. */
    record Changes(Set<String> dirty, Set<String> added) {}

    /** A directory the tracker vouches for: its watch (null while suspended) and its identity when first watched. */
    private record Watch(WatchKey key, Id identity) {}

    /** A directory's identity: device and inode (the JDK's file key where the unix view is missing, device 0). */
    private record Id(long dev, Object ino) {}

    private static final long BARRIER_WAIT_MS = 2_000;

    private final Path root;
    private final Predicate<Path> skip;
    private final WatchService watcher;
    private final Path barrierDir;
    private final WatchKey barrierKey;
    private final Thread listener;
    /** The root's device: a directory on another (a mount inside the workspace) is never watched, so always listed. */
    private final long device;
    /** The mounts at or below the root when tracking began: a mount made or removed there hides changes from events. */
    private final String mounts;
    // Guarded by this: the listener thread and the drains share them.
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Map<Path, Watch> byDir = new HashMap<>();
    private final Set<Path> dirty = new HashSet<>();
    private final Set<Path> barriersSeen = new HashSet<>();
    private boolean broken;
    /** Runs between the two steps of a drain's reconciliation: tests race a move against the drain with it. */
    Runnable betweenSteps = () -> {};

    /**
     * Watches every directory under {@code root} (real directories only, never through links) that {@code skip}
     * does not exclude. {@code barrierDir}: a private directory outside the workspace (the store's).
     *
     * @throws IOException when the watches cannot be placed (e.g. the user's inotify limit)
     */
    ChangeTracker(Path root, Predicate<Path> skip, Path barrierDir) throws IOException {
        this.root = root;
        this.skip = skip;
        this.watcher = FileSystems.getDefault().newWatchService();
        try {
            this.barrierDir = Files.createDirectories(barrierDir);
            this.barrierKey = barrierDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Id rootId = identity(root);
            if (rootId == null) {
                throw new java.nio.file.NotDirectoryException(root.toString());
            }
            this.device = rootId.dev();
            this.mounts = mountsUnder(root);
            synchronized (this) {
                registerTree(root, rootId);
            }
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        listener = new Thread(this::listen, "scc-checkpoint-watch");
        listener.setDaemon(true);
        listener.start();
    }

    /** The listener: suspends each directory at its first event, notes the barriers as they arrive. */
    private void listen() {
        try {
            while (true) {
                WatchKey k = watcher.take();
                synchronized (this) {
                    if (k == barrierKey) {
                        for (WatchEvent<?> e : k.pollEvents()) {
                            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                                broken = true; // the kernel's queue overflowed: events were lost anywhere
                            } else {
                                barriersSeen.add((Path) e.context());
                            }
                        }
                        k.reset();
                        notifyAll();
                    } else {
                        suspend(k);
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException closed) {
            // the tracker is closed
        }
    }

    /** Stops watching a directory that reported something (or whose watch the kernel dropped): it is dirty now. */
    private void suspend(WatchKey k) {
        k.cancel();
        Path dir = keys.remove(k);
        if (dir == null) {
            return; // cancelled already: its directory is suspended or forgotten
        }
        Watch w = byDir.get(dir);
        if (w != null && w.key() == k) {
            byDir.put(dir, new Watch(null, w.identity()));
        }
        dirty.add(dir);
    }

    /**
     * The directories that changed since the previous drain (or since construction), or empty when the tracker
     * cannot vouch for them and everything must be walked. After an empty answer the tracker stays unusable.
     */
    Optional<Changes> drain() {
        Path sentinel = barrierDir.resolve("b-" + UUID.randomUUID());
        synchronized (this) {
            if (broken) {
                return Optional.empty();
            }
            try {
                Files.createFile(sentinel);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BARRIER_WAIT_MS);
                while (!barriersSeen.remove(sentinel.getFileName())) {
                    long left = deadline - System.nanoTime();
                    if (broken || left <= 0 || !listener.isAlive()) {
                        return fail();
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                barriersSeen.clear();
                Watch top = byDir.get(root);
                if (broken || top == null || !top.identity().equals(identity(root)) || !mounts.equals(mountsUnder(root))) {
                    // The workspace itself was replaced (its old watch hears nothing of the new one), or a mount
                    // appeared or vanished at or below it (mounting sends no event): walk everything.
                    return fail();
                }
                return reconcile();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail();
            } catch (IOException | RuntimeException e) {
                return fail();
            } finally {
                try {
                    Files.deleteIfExists(sentinel);
                } catch (IOException ignored) {
                    // a stray sentinel in the store's private directory is harmless
                }
            }
        }
    }

    /** Watches the suspended directories again and reconciles their subdirectories; answers what changed. */
    private Optional<Changes> reconcile() throws IOException {
        List<Path> suspended = new ArrayList<>(dirty);
        suspended.sort(Comparator.comparingInt(Path::getNameCount)); // parents first: a forgotten subtree is skipped
        Map<Path, List<Path>> known = null;
        List<Path> resume = new ArrayList<>();
        // 1. Forget what is gone or replaced, before anything is registered (see the class comment).
        for (Path s : suspended) {
            Watch w = byDir.get(s);
            if (w == null || w.key() != null) {
                continue; // forgotten with an ancestor, or never watched
            }
            if (!w.identity().equals(identity(s))) {
                forgetTree(s); // its parent is dirty too (it heard of the removal) and finds the replacement
                continue;
            }
            if (known == null) {
                known = new HashMap<>();
                for (Path d : byDir.keySet()) {
                    if (!d.equals(root)) {
                        known.computeIfAbsent(d.getParent(), p -> new ArrayList<>()).add(d);
                    }
                }
            }
            Map<Path, Id> present = subdirectories(s);
            for (Path c : known.getOrDefault(s, List.of())) {
                Watch cw = byDir.get(c);
                if (cw != null && (present == null || !cw.identity().equals(present.get(c)))) {
                    forgetTree(c);
                }
            }
            resume.add(s);
        }
        betweenSteps.run();
        // 2. Watch again, then look for new subdirectories: one made after the watch is in place is reported by it.
        Set<String> added = new HashSet<>();
        for (Path s : resume) {
            Watch w = byDir.get(s);
            if (w == null) {
                continue;
            }
            WatchKey k = register(s);
            if (k == null) {
                forgetTree(s); // unwatchable now: walked every time (see watches)
                continue;
            }
            keys.put(k, s);
            byDir.put(s, new Watch(k, w.identity()));
            Map<Path, Id> present = subdirectories(s);
            if (present == null) {
                forgetTree(s); // unreadable now: its subdirectories cannot be checked, so it is listed every time
                continue;
            }
            for (Map.Entry<Path, Id> c : present.entrySet()) {
                Watch cw = byDir.get(c.getKey());
                if (cw != null && !cw.identity().equals(c.getValue())) {
                    forgetTree(c.getKey()); // replaced after step 1 looked, before this watch was placed
                    cw = null;
                }
                if (cw == null && trackable(c.getKey(), c.getValue())) {
                    registerTree(c.getKey(), c.getValue());
                    added.add(rel(c.getKey()));
                }
            }
        }
        Set<String> out = new HashSet<>();
        dirty.forEach(d -> out.add(rel(d)));
        dirty.clear();
        return Optional.of(new Changes(Set.copyOf(out), Set.copyOf(added)));
    }

    private Optional<Changes> fail() {
        broken = true;
        return Optional.empty();
    }

    /** Watches {@code dir}, whose identity was just read as {@code id}, and the directories below it. */
    private void registerTree(Path dir, Id id) throws IOException {
        Watch known = byDir.get(dir);
        if (known != null) {
            if (known.identity().equals(id)) {
                return;
            }
            forgetTree(dir); // a stale entry: another directory lives under this name now
        }
        if (!trackable(dir, id)) {
            return;
        }
        WatchKey k = register(dir);
        if (k == null) {
            return; // left unwatched: the checkpoint walks it every time (see watches)
        }
        keys.put(k, dir);
        byDir.put(dir, new Watch(k, id));
        // Listed after the watch is placed: a subdirectory made meanwhile is reported by it.
        Map<Path, Id> subdirs = subdirectories(dir);
        for (Map.Entry<Path, Id> c : subdirs == null ? Map.<Path, Id>of().entrySet() : subdirs.entrySet()) {
            registerTree(c.getKey(), c.getValue());
        }
    }

    /** Whether a directory may be watched: not excluded, and on the root's device (events of another miss writes). */
    private boolean trackable(Path dir, Id id) {
        return !skip.test(dir) && id.dev() == device;
    }

    /**
     * A new watch on {@code dir}, or null when it cannot be watched. The JDK hands back the existing key when the
     * inode is watched already: that happens when the directory was moved here after its old parent was reconciled
     * (a move racing the drain), and then the old path is forgotten and the directory watched afresh.
     */
    private WatchKey register(Path dir) throws IOException {
        try {
            WatchKey k = registerOnce(dir);
            Path old = k == null ? null : keys.get(k);
            if (old != null && !old.equals(dir)) {
                if (dir.startsWith(old)) {
                    // A watched directory moved below its old name (mv a t; mkdir a; mv t a/b): forgetting its old
                    // name would forget this one too. Rare enough to answer with a full walk.
                    throw new IOException(old + " moved below itself to " + dir + " during a checkpoint");
                }
                forgetTree(old);
                k = registerOnce(dir);
            }
            return k;
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException unwatchable) {
            return null;
        }
    }

    private WatchKey registerOnce(Path dir) throws IOException {
        return dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
    }

    /**
     * The real subdirectories of {@code dir} and their identities; null when it cannot be read (the checkpoint names
     * it as skipped every time).
     */
    private static Map<Path, Id> subdirectories(Path dir) throws IOException {
        Map<Path, Id> out = new HashMap<>();
        try (var ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                Id id = identity(c);
                if (id != null) {
                    out.put(c, id);
                }
            }
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException unreadable) {
            return null;
        }
        return out;
    }

    /** The identity of a real directory, or null when {@code p} is none (gone, a file, a link). */
    private static Id identity(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,dev,ino", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) a.get("mode") & 0170000) == 0040000 ? new Id((Long) a.get("dev"), a.get("ino")) : null;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.isDirectory() ? new Id(0, a.fileKey()) : null;
            } catch (IOException gone) {
                return null;
            }
        } catch (IOException gone) {
            return null;
        }
    }

    /**
     * The lines of {@code /proc/self/mountinfo} whose mount point is {@code root} or below it ("" where there is no
     * such file): compared at every drain.
     */
    private static String mountsUnder(Path root) {
        Path info = Path.of("/proc/self/mountinfo");
        try {
            return Files.exists(info) ? mountsUnder(Files.readString(info), root) : "";
        } catch (IOException e) {
            return "unreadable"; // the same answer each time: the comparison stays meaningful only while readable
        }
    }

    /** The lines of a mountinfo text whose mount point (5th field, octal escapes undone) is {@code root} or below. */
    static String mountsUnder(String mountinfo, Path root) {
        StringBuilder out = new StringBuilder();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 4 && Path.of(unescape(f[4])).startsWith(root)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Undoes mountinfo's octal escapes ({@code \040} for a space, {@code \011}, {@code \012}, {@code \134}). */
    private static String unescape(String field) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private void forgetTree(Path top) {
        for (Path d : List.copyOf(byDir.keySet())) {
            if (d.startsWith(top)) {
                Watch w = byDir.remove(d);
                if (w.key() != null) {
                    keys.remove(w.key());
                    w.key().cancel();
                }
            }
        }
    }

    /**
     * Whether {@code dir} (workspace-relative) is watched now: an unwatched directory (never watched, or suspended
     * since the last drain) must be listed.
     */
    synchronized boolean watches(String dir) {
        Watch w = byDir.get(dir.isEmpty() ? root : root.resolve(dir));
        return w != null && w.key() != null;
    }

    private String rel(Path p) {
        return CheckpointStore.rel(root, p);
    }

    @Override
    public void close() {
        try {
            watcher.close(); // ends the listener
        } catch (IOException ignored) {
            // nothing is held that outlives the service
        }
    }
}
