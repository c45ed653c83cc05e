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
 * writer rewriting files in a watched directory ran 20-40 % slower than in an unwatched one). A directory only needs
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
 * <p>A renamed directory keeps its kernel watch, and the JDK (which hands back the existing key for an inode it
 * already watches) would keep reporting its events under the old path; so every directory found gone or replaced has
 * its watches cancelled (its subtree's too) before any directory is registered.
 */
final class ChangeTracker implements AutoCloseable {
    /** What changed: directories to re-list and directories that are new (walk whole), workspace-relative. */
    record Changes(Set<String> dirty, Set<String> added) {}

    /** A directory the tracker vouches for: its watch (null while suspended) and its identity when first watched. */
    private record Watch(WatchKey key, Object identity) {}

    private static final long BARRIER_WAIT_MS = 2_000;

    private final Path root;
    private final Predicate<Path> skip;
    private final WatchService watcher;
    private final Path barrierDir;
    private final WatchKey barrierKey;
    private final Thread listener;
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
            synchronized (this) {
                registerTree(root);
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
                if (s.equals(root)) {
                    return fail(); // the workspace itself was replaced
                }
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
            Map<Path, Object> present = subdirectories(s);
            for (Path c : known.getOrDefault(s, List.of())) {
                Watch cw = byDir.get(c);
                if (cw != null && !cw.identity().equals(present.get(c))) {
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
            for (Map.Entry<Path, Object> c : subdirectories(s).entrySet()) {
                Watch cw = byDir.get(c.getKey());
                if (cw != null && !cw.identity().equals(c.getValue())) {
                    forgetTree(c.getKey()); // replaced after step 1 looked, before this watch was placed
                    cw = null;
                }
                if (cw == null && !skip.test(c.getKey())) {
                    registerTree(c.getKey());
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

    private void registerTree(Path dir) throws IOException {
        if (skip.test(dir) || byDir.containsKey(dir)) {
            return;
        }
        Object id = identity(dir);
        WatchKey k = id == null ? null : register(dir);
        if (k == null) {
            return; // left unwatched: the checkpoint walks it every time (see watches)
        }
        keys.put(k, dir);
        byDir.put(dir, new Watch(k, id));
        // Listed after the watch is placed: a subdirectory made meanwhile is reported by it.
        for (Path c : subdirectories(dir).keySet()) {
            registerTree(c);
        }
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

    /** The real subdirectories of {@code dir} and their identities; none when it cannot be read (walked instead). */
    private static Map<Path, Object> subdirectories(Path dir) throws IOException {
        Map<Path, Object> out = new HashMap<>();
        try (var ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                Object id = identity(c);
                if (id != null) {
                    out.put(c, id);
                }
            }
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException unreadable) {
            return Map.of(); // walked (and reported) by the checkpoint itself every time: its parent stays the judge
        }
        return out;
    }

    /** The file identity (device and inode) of a real directory, or null when {@code p} is none (gone, a file, a link). */
    private static Object identity(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() ? a.fileKey() : null;
        } catch (IOException gone) {
            return null;
        }
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
