package dev.scc.policy.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on local stores that hold across the threads of this process and across processes.
 *
 * <p>POSIX record locks belong to the process, not to a channel: closing <em>any</em> descriptor of a file
 * releases every lock the process holds on it, and a second lock attempt from the same JVM fails with
 * {@code OverlappingFileLockException} instead of waiting. So each store is locked through a sibling lock
 * file ({@code <name>.lock}) that only this class opens, through exactly one {@link FileChannel} per process
 * that is never closed, and the threads of the process queue on a {@link ReentrantLock} before taking the OS
 * lock. Reading or replacing the store itself can then never drop the lock.
 *
 * <p>The registry is process-wide on purpose: it mirrors the OS lock table, which is process-wide too.
 * The lock files are left in place (deleting one while another process holds it would let a third process
 * lock a new file of the same name).
 */
public final class FileLocks {
    private static final ConcurrentHashMap<Path, Entry> REGISTRY = new ConcurrentHashMap<>();

    private FileLocks() {}

    /** Work done while holding a store's lock. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws IOException;
    }

    /** The lock file that guards {@code store}. */
    public static Path lockFileOf(Path store) {
        Path abs = store.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Runs {@code body} holding the exclusive lock on {@code store} (creating the store's directory and lock
     * file if needed). Reentrant within one thread.
     *
     * @throws IOException if the lock file cannot be created or locked, or {@code body} throws
     */
    public static <T> T withLock(Path store, Body<T> body) throws IOException {
        Path lockFile = lockFileOf(store);
        Entry e = REGISTRY.computeIfAbsent(lockFile, Entry::new);
        e.mutex.lock();
        try {
            if (e.mutex.getHoldCount() > 1) {
                return body.run();
            }
            FileChannel ch = e.channel();
            try (FileLock ignored = ch.lock()) {
                return body.run();
            }
        } finally {
            e.mutex.unlock();
        }
    }

    /** {@link #withLock} for callers that report I/O failures as unchecked exceptions. */
    public static <T> T withLockUnchecked(Path store, Body<T> body) {
        try {
            return withLock(store, body);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static final class Entry {
        final Path lockFile;
        final ReentrantLock mutex = new ReentrantLock();
        FileChannel channel; // guarded by mutex; opened once per process and never closed

        Entry(Path lockFile) {
            this.lockFile = lockFile;
        }

        FileChannel channel() throws IOException {
            if (channel == null || !channel.isOpen()) {
                dev.scc.policy.source.internal.AtomicFiles.createPrivateDirectories(lockFile.getParent());
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            return channel;
        }
    }
}
