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
import java.util.ArrayList;
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
 * often, never too rarely: when it cannot be sure (the kernel queue overflowed, a watch could not be placed, the
 * barrier did not come back) {@link #drain} answers empty and the caller walks everything.
 *
 * <p>Events reach the JDK's watch service through a thread of its own, so "no event yet" is not "no change yet". A
 * drain therefore first touches a file in a private barrier directory watched by the same service and waits for
 * that event: the kernel delivers one watch descriptor's events in order, so everything written before the drain
 * began has arrived once the barrier has.
 *
 * <p>A renamed directory keeps its kernel watch, and the JDK would keep reporting its events under the old path;
 * so a directory that disappears from its parent has its watches cancelled (its subtree's too) before any new
 * directory is registered, and a directory that appears is registered afresh under its new path and reported as
 * new (walked whole).
 *
 * <p>The JDK keeps at most 512 events per directory between drains; a directory whose events overflowed is watched
 * afresh and reported as new, so one busy directory costs a walk of its subtree, not of the workspace. An overflow of
 * the root, or of the kernel's own queue (the JDK then signals every directory, the barrier's too), is a lost track.
 */
final class ChangeTracker implements AutoCloseable {
    /** What changed: directories to re-list and directories that are new (walk whole), workspace-relative. */
    record Changes(Set<String> dirty, Set<String> added) {}

    private static final long BARRIER_WAIT_MS = 2_000;

    private final Path root;
    private final Predicate<Path> skip;
    private final WatchService watcher;
    private final Path barrierDir;
    private final WatchKey barrierKey;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Map<Path, WatchKey> byDir = new HashMap<>();
    private boolean broken;

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
            registerTree(root);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
    }

    /**
     * The directories that changed since the previous drain (or since construction), or empty when the tracker
     * cannot vouch for them and everything must be walked. After an empty answer the tracker stays unusable.
     */
    Optional<Changes> drain() {
        if (broken) {
            return Optional.empty();
        }
        try {
            List<WatchKey> signalled = new ArrayList<>();
            if (!awaitBarrier(signalled)) {
                return fail();
            }
            Set<Path> dirty = new HashSet<>();
            Set<Path> created = new HashSet<>();
            Set<Path> removed = new HashSet<>();
            for (WatchKey k : signalled) {
                Path dir = keys.get(k);
                for (WatchEvent<?> e : k.pollEvents()) {
                    if (dir == null || (e.kind() == StandardWatchEventKinds.OVERFLOW && dir.equals(root))) {
                        return fail();
                    }
                    dirty.add(dir);
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        // More events for this one directory than the JDK keeps between drains (a writer rewriting
                        // many files in it): what happened in it is unknown, not what happened elsewhere. Its subtree
                        // is watched afresh and reported as new (walked whole); the rest of the tree keeps its word.
                        removed.add(dir);
                        created.add(dir);
                        continue;
                    }
                    Path child = dir.resolve((Path) e.context());
                    if (e.kind() == StandardWatchEventKinds.ENTRY_DELETE && byDir.containsKey(child)) {
                        removed.add(child);
                    } else if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                        // Checked after the cancellations below: a directory removed and made again under the same
                        // name is still registered here under its old watch.
                        created.add(child);
                    }
                }
                if (!k.reset()) {
                    // The directory itself is gone (or unmounted): its parent reports the deletion.
                    forget(dir);
                }
            }
            // Cancel first, then register: a renamed directory must not keep its watch under the old path.
            for (Path gone : removed) {
                for (Path d : List.copyOf(byDir.keySet())) {
                    if (d.startsWith(gone)) {
                        forget(d);
                    }
                }
            }
            Set<String> added = new HashSet<>();
            for (Path d : created) {
                if (!byDir.containsKey(d) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && !skip.test(d)) {
                    registerTree(d);
                    added.add(rel(d));
                }
            }
            Set<String> out = new HashSet<>();
            dirty.forEach(d -> out.add(rel(d)));
            return Optional.of(new Changes(Set.copyOf(out), Set.copyOf(added)));
        } catch (IOException | RuntimeException e) {
            return fail();
        }
    }

    /** Touches a sentinel in the barrier directory and collects signalled keys until its event arrives. */
    private boolean awaitBarrier(List<WatchKey> signalled) throws IOException {
        Path sentinel = barrierDir.resolve("b-" + UUID.randomUUID());
        Files.createFile(sentinel);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BARRIER_WAIT_MS);
            while (true) {
                long left = deadline - System.nanoTime();
                WatchKey k = left > 0 ? watcher.poll(left, TimeUnit.NANOSECONDS) : null;
                if (k == null) {
                    return false;
                }
                if (k != barrierKey) {
                    signalled.add(k);
                    continue;
                }
                boolean seen = false;
                for (WatchEvent<?> e : k.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        return false;
                    }
                    seen |= sentinel.getFileName().equals(e.context());
                }
                k.reset();
                if (seen) {
                    // Keys signalled before the barrier but not yet polled are queued already: take them too.
                    for (WatchKey more = watcher.poll(); more != null; more = watcher.poll()) {
                        if (more != barrierKey) {
                            signalled.add(more);
                        } else {
                            more.pollEvents();
                            more.reset();
                        }
                    }
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ClosedWatchServiceException e) {
            return false;
        } finally {
            Files.deleteIfExists(sentinel);
        }
    }

    private Optional<Changes> fail() {
        broken = true;
        return Optional.empty();
    }

    private void registerTree(Path dir) throws IOException {
        if (skip.test(dir) || byDir.containsKey(dir)) {
            return;
        }
        WatchKey k;
        try {
            k = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException unwatchable) {
            return; // left unwatched: the checkpoint walks it every time (see watches)
        }
        keys.put(k, dir);
        byDir.put(dir, k);
        List<Path> subdirs = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    subdirs.add(c);
                }
            }
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException unreadable) {
            return; // walked (and reported) by the checkpoint itself every time: its parent stays the judge
        }
        for (Path c : subdirs) {
            registerTree(c);
        }
    }

    private void forget(Path dir) {
        WatchKey k = byDir.remove(dir);
        if (k != null) {
            keys.remove(k);
            k.cancel();
        }
    }

    /** Whether {@code dir} (workspace-relative) is watched: an unwatched directory must be walked every time. */
    boolean watches(String dir) {
        return byDir.containsKey(dir.isEmpty() ? root : root.resolve(dir));
    }

    private String rel(Path p) {
        return CheckpointStore.rel(root, p);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // nothing is held that outlives the service
        }
    }
}
