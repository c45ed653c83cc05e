package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import dev.scc.policy.audit.internal.AuditCodec;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.policy.files.FileLocks;
import dev.scc.policy.source.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * <p>Each append writes at the end of the last complete record, then {@code fsync}s, under the store's
 * exclusive lock ({@link FileLocks}: held across the threads of this process and across processes, in a
 * sibling {@code audit.jsonl.lock}). A crash can therefore leave at most a torn final line without a
 * newline; the next append cuts that fragment off before writing, and {@link AuditVerifier} reports it as
 * torn without failing the records before it. After each append, the head file ({@code audit.jsonl.head}:
 * last seq and hash) is replaced atomically. An append that finds the log disagreeing with its head (records
 * cut from the end, the log or the head replaced) first writes a {@link AuditEvent.ChainBreak} record, so the
 * break can never be laundered by continuing the chain; {@code audit verify} reports it from then on.
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
    public AuditRecord append(AuditEvent event) {
        return append(event, Optional.empty());
    }

    /**
     * Appends one record for an item ingested from a spool or log, marked with {@code ingestKey} in its details
     * (see {@link AuditIngest}).
     */
    public AuditRecord append(AuditEvent event, Optional<String> ingestKey) {
        try {
            AtomicFiles.createPrivateDirectories(file.getParent());
            // One lock for the log and its head, across threads and processes (see FileLocks for why the
            // lock lives in a sibling file: closing any channel on the log would otherwise drop it).
            return FileLocks.withLock(file, () -> appendLocked(event, ingestKey));
        } catch (IOException e) {
            throw new AuditException(file, "cannot append to audit log " + file + ": " + e.getMessage()
                    + ". Check that the directory is writable and the disk is not full.", e);
        }
    }

    private AuditRecord appendLocked(AuditEvent event, Optional<String> ingestKey) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            Tail tail = readTail(ch);
            long end = tail.tornFrom().orElse(ch.size());
            if (tail.tornFrom().isPresent()) {
                // Recovery from a crash mid-append: the fragment has no newline, so it was never a record.
                ch.truncate(end);
            }
            long seq = tail.lastSeq();
            String prev = tail.lastHash();
            Optional<Map.Entry<Long, String>> head = readHead();
            if (head.isPresent() && disagrees(head.get(), tail)) {
                // Never continue silently from a log that is not the one the head describes: that would make
                // a cut tail or a replaced log verify again. Record the break in the chain itself.
                Map.Entry<Long, String> h = head.get();
                String brk = AuditCodec.encode(new AuditEvent.ChainBreak(h.getKey(), h.getValue(), seq, prev),
                        ++seq, clock.instant(), prev, redactor);
                end = write(ch, end, brk);
                prev = AuditCodec.parse(brk, seq).hash();
            }
            String line = AuditCodec.encode(event, ++seq, clock.instant(), prev, redactor, ingestKey);
            write(ch, end, line);
            ch.force(false);
            // In an intact log the line number equals the seq; verify reports the real one if not.
            AuditRecord rec = AuditCodec.parse(line, seq);
            writeHead(seq, rec.hash());
            return rec;
        }
    }

    /** The seq of the last complete record (0 for an empty or missing log), read under the log's lock. */
    public long lastSeq() {
        try {
            return FileLocks.withLock(file, () -> {
                if (!Files.exists(file)) {
                    return 0L;
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    return readTail(ch).lastSeq();
                }
            });
        } catch (IOException e) {
            throw new AuditException(file, "cannot read audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The head agrees when it names the last record, or the one before it (a crash before the head update). */
    private static boolean disagrees(Map.Entry<Long, String> head, Tail tail) {
        if (head.getKey() == tail.lastSeq()) {
            return !head.getValue().equals(tail.lastHash());
        }
        return !(head.getKey() == tail.lastSeq() - 1 && head.getValue().equals(tail.beforeLastHash()));
    }

    private static long write(FileChannel ch, long at, String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        long pos = at;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return pos;
    }

    private Optional<Map.Entry<Long, String>> readHead() throws IOException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(head, 4096);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuditCodec.parseHead(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            // An unreadable head disagrees with any log; the break record says what was found.
            return Optional.of(Map.entry(-1L, "unreadable"));
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
    private record Tail(long lastSeq, String lastHash, String beforeLastHash, Optional<Long> tornFrom) {}

    private Tail readTail(FileChannel r) throws IOException {
        long size = r.size();
        if (size == 0) {
            return new Tail(0, AuditCodec.GENESIS, null, Optional.empty());
        }
        // Find the end of the last complete line, then its start, reading backwards in blocks.
        long end = lastNewlineAtOrBefore(r, size - 1);
        Optional<Long> torn = end == size - 1 ? Optional.empty() : Optional.of(end + 1);
        if (end < 0) {
            return new Tail(0, AuditCodec.GENESIS, null, Optional.of(0L));
        }
        long start = end == 0 ? 0 : lastNewlineAtOrBefore(r, end - 1) + 1;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(end - start));
        while (b.hasRemaining() && r.read(b, start + b.position()) >= 0) {
            // read until full
        }
        String line = new String(b.array(), StandardCharsets.UTF_8);
        try {
            AuditRecord last = AuditCodec.parse(line, 0);
            if (AuditCodec.claimedHash(line).isPresent()) {
                return new Tail(last.seq(), last.hash(), last.prev(), torn);
            }
        } catch (IllegalArgumentException unreadable) {
            // reported below
        }
        throw new AuditException(file, "the last record of audit log " + file + " is unreadable; nothing"
                + " was appended. Run `scc audit verify` to see where the log is damaged.");
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
