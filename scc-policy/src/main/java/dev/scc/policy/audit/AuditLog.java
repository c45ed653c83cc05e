package dev.scc.policy.audit;

import dev.scc.policy.audit.internal.AuditCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log ({@code $XDG_STATE_HOME/scc/audit/audit.jsonl}). Each
 * record is one JSON line carrying its sequence number, the SHA-256 of the previous record and its
 * own hash (schema in docs/audit.md). Secrets are redacted before anything is written.
 *
 * <p>Each append is one {@code write} to a file opened with {@code O_APPEND}, followed by
 * {@code fsync}, under an exclusive file lock (so several {@code scc} processes can append to the
 * same log). A crash can therefore leave at most a torn final line without a newline; the next
 * append cuts that fragment off before writing, and {@link AuditVerifier} reports it as torn
 * without failing the records before it. After each append, the head file
 * ({@code audit.jsonl.head}: last seq and hash) is replaced atomically, so removing records from the
 * end of the log is detected too.
 *
 * <p>Thread-safe; several instances (in one or several processes) may append to the same file.
 */
public final class AuditLog {
    private final Path file;
    private final Path head;
    private final Clock clock;
    private final Redactor redactor;

    public AuditLog(Path file, Clock clock, Redactor redactor) {
        // Absolute, so the head file and temp files always have a parent directory.
        this.file = file.toAbsolutePath();
        this.head = headFile(this.file);
        this.clock = clock;
        this.redactor = redactor;
    }

    /** The log at its default place for this environment ({@link SccState#auditLog}). */
    public static AuditLog atDefaultLocation(Map<String, String> env, Clock clock) {
        return new AuditLog(SccState.auditLog(env), clock, new Redactor());
    }

    /** The head file that belongs to a log file. */
    public static Path headFile(Path log) {
        return log.resolveSibling(log.getFileName() + ".head");
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one record for {@code event} and returns it as written (redacted, with seq and hash).
     *
     * @throws AuditException if the log cannot be written, or its last complete record is unreadable (the log is
     *     then left untouched; run {@code scc audit verify})
     */
    public synchronized AuditRecord append(AuditEvent event) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                // Exclusive across processes; released when the channel closes, after the head is written.
                lock(ch);
                Tail tail = readTail(ch);
                if (tail.tornFrom().isPresent()) {
                    // Recovery from a crash mid-append: the fragment has no newline, so it was never a record.
                    ch.truncate(tail.tornFrom().get());
                }
                long seq = tail.lastSeq() + 1;
                String line = AuditCodec.encode(event, seq, clock.instant(), tail.lastHash(), redactor);
                ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
                // In an intact log the line number equals the seq; verify reports the real one if not.
                AuditRecord rec = AuditCodec.parse(line, seq);
                writeHead(seq, rec.hash());
                return rec;
            }
        } catch (IOException e) {
            throw new AuditException(file, "cannot append to audit log " + file + ": " + e.getMessage()
                    + ". Check that the directory is writable and the disk is not full.", e);
        }
    }

    /**
     * File locks belong to the whole JVM, so a second instance on the same file in this process gets
     * OverlappingFileLockException instead of blocking; wait for it the same way.
     */
    private static void lock(FileChannel ch) throws IOException {
        while (true) {
            try {
                ch.lock();
                return;
            } catch (OverlappingFileLockException sameJvm) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the audit log lock", e);
                }
            }
        }
    }

    private void writeHead(long seq, String hash) throws IOException {
        Path tmp = Files.createTempFile(head.getParent(), ".head-", ".tmp");
        try {
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.write(ByteBuffer.wrap(AuditCodec.headJson(seq, hash).getBytes(StandardCharsets.UTF_8)));
                c.force(false);
            }
            Files.move(tmp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The last complete record's seq and hash, and where a torn fragment starts. */
    private record Tail(long lastSeq, String lastHash, Optional<Long> tornFrom) {}

    private Tail readTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return new Tail(0, AuditCodec.GENESIS, Optional.empty());
        }
        try (FileChannel r = FileChannel.open(file, StandardOpenOption.READ)) {
            // Find the end of the last complete line, then its start, reading backwards in blocks.
            long end = lastNewlineAtOrBefore(r, size - 1);
            Optional<Long> torn = end == size - 1 ? Optional.empty() : Optional.of(end + 1);
            if (end < 0) {
                return new Tail(0, AuditCodec.GENESIS, Optional.of(0L));
            }
            long start = end == 0 ? 0 : lastNewlineAtOrBefore(r, end - 1) + 1;
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(end - start));
            while (b.hasRemaining() && r.read(b, start + b.position()) >= 0) {
                // read until full
            }
            String line = new String(b.array(), StandardCharsets.UTF_8);
            Optional<Long> seq = AuditCodec.quickSeq(line);
            Optional<String> hash = AuditCodec.claimedHash(line);
            if (seq.isEmpty() || hash.isEmpty()) {
                throw new AuditException(file, "the last record of audit log " + file + " is unreadable; nothing"
                        + " was appended. Run `scc audit verify` to see where the log is damaged.");
            }
            return new Tail(seq.get(), hash.get(), torn);
        }
    }

    private static long lastNewlineAtOrBefore(FileChannel r, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long hi = pos + 1;
        while (hi > 0) {
            long lo = Math.max(0, hi - b.capacity());
            b.clear().limit((int) (hi - lo));
            while (b.hasRemaining() && r.read(b, lo + b.position()) >= 0) {
                // fill
            }
            for (int i = (int) (hi - lo) - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return lo + i;
                }
            }
            hi = lo;
        }
        return -1;
    }
}
