package dev.scc.safety.approval;

import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-sandbox approval gate: files requests into a directory the host reads, and accepts only
 * answers from a directory the sandbox can only read, authenticated with HMAC-SHA256 under a
 * per-session key. An approval is bound to the exact session, working directory and argv, must be
 * used within the TTL of both the request and the answer, and is consumed once: consumption is a
 * create-new {@code <id>.used} file next to the request, so a second use (or a replayed answer)
 * finds it and is refused. Every error fails closed (not approved). The file format and the mount
 * contract are in docs/audit.md.
 *
 * <p>Thread-safe: the only shared state is on disk, and consumption is an atomic create-new.
 */
public final class FileApprovalGate implements ApprovalGate {
    private final Path requestsDir;
    private final Path answersDir;
    private final byte[] key;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    /**
     * Ids this evaluator consumed. The {@code .used} files are the durable record; this set also holds
     * if a consumption file is removed while the evaluator runs (defence in depth: the mount contract
     * keeps the agent from deleting them, and answers expire anyway).
     */
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();

    /**
     * @param requestsDir where requests and consumption records are written (writable by the evaluator only)
     * @param answersDir where the host's signed answers appear (read-only in the sandbox)
     * @param key the per-session HMAC key (at least 16 bytes)
     * @param clock the time source
     * @param ttl how long a request stays answerable and an approval stays usable after it was given
     */
    public FileApprovalGate(Path requestsDir, Path answersDir, byte[] key, Clock clock, Duration ttl) {
        if (key.length < 16) {
            throw new IllegalArgumentException("approval key must be at least 16 bytes, got " + key.length);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("approval TTL must be positive, got " + ttl);
        }
        this.requestsDir = requestsDir;
        this.answersDir = answersDir;
        this.key = key.clone();
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * Reads a key file: hex text (64 hex digits for 32 bytes, surrounding whitespace ignored), as the
     * host's {@code ApprovalStore} writes it.
     */
    public static byte[] readKey(Path keyFile) throws IOException {
        String hex = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException("approval key " + keyFile + " is not hex text", e);
        }
    }

    @Override
    public Outcome check(Request request) {
        return check(request, true);
    }

    @Override
    public Outcome peek(Request request) {
        return check(request, false);
    }

    private Outcome check(Request request, boolean use) {
        try {
            return checkOrFail(request, use);
        } catch (IOException | RuntimeException e) {
            return Outcome.pending("BLOCKED: approval check failed (" + e.getMessage()
                    + "); the command stays stopped.");
        }
    }

    private Outcome checkOrFail(Request request, boolean use) throws IOException {
        Instant now = clock.instant();
        String binding = ApprovalWire.binding(request.sessionId(), request.cwd(), request.argv());
        Optional<String> denied = Optional.empty();
        String deniedMessage = null;
        for (AnswerFile answer : answers(request.sessionId(), binding)) {
            Optional<RequestFile> filed = readRequest(answer.id());
            if (filed.isEmpty() || !filed.get().binding().equals(binding)
                    || answer.decidedAt().isAfter(filed.get().expiresAt())) {
                continue;
            }
            if (AnswerFile.APPROVE.equals(answer.decision())) {
                if (now.isAfter(answer.expiresAt()) || now.isAfter(answer.decidedAt().plus(ttl))
                        || now.isBefore(filed.get().createdAt())) {
                    continue;
                }
                if (use ? consume(answer, now) : unused(answer)) {
                    return new Outcome(true, Optional.of(answer.id()), "APPROVED: request " + answer.id()
                            + " approved by " + answer.reviewer() + reasonSuffix(answer.reason())
                            + "; running once.", Optional.of(answer.reviewer()));
                }
            } else if (AnswerFile.DENY.equals(answer.decision()) && !now.isAfter(filed.get().expiresAt())) {
                denied = Optional.of(answer.id());
                deniedMessage = "DENIED: request " + answer.id() + " was denied by " + answer.reviewer()
                        + reasonSuffix(answer.reason()) + ". Do not retry this command.";
            }
        }
        if (denied.isPresent()) {
            return new Outcome(false, denied, deniedMessage);
        }
        Optional<RequestFile> pending = pendingRequest(request.sessionId(), binding, now);
        if (pending.isPresent()) {
            return new Outcome(false, Optional.of(pending.get().id()), pendingMessage(request, pending.get()));
        }
        RequestFile filed = file(request, now);
        return new Outcome(false, Optional.of(filed.id()), pendingMessage(request, filed));
    }

    private static String reasonSuffix(String reason) {
        return reason.isEmpty() ? "" : " (" + reason + ")";
    }

    private String pendingMessage(Request request, RequestFile filed) {
        return "APPROVAL REQUIRED: " + String.join(" ", request.argv()) + " (rule " + request.rule() + ": "
                + request.reason() + "). Request " + filed.id() + " is waiting for a human; on the host run"
                + " `scc approve " + filed.id() + "` or `scc deny " + filed.id() + "`, then re-run exactly the"
                + " same command in the same directory before " + filed.expiresAt() + ".";
    }

    /** Authentic answers for this session and binding; cheap field checks come before the MAC. */
    private List<AnswerFile> answers(String sessionId, String binding) throws IOException {
        List<AnswerFile> out = new ArrayList<>();
        if (!Files.isDirectory(answersDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(answersDir, "*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (!ApprovalWire.ID.matcher(id).matches()) {
                    continue;
                }
                try {
                    AnswerFile a = AnswerFile.fromJson(Files.readString(p, StandardCharsets.UTF_8));
                    // A forged, edited or misplaced answer is ignored, never trusted.
                    if (a.id().equals(id) && a.sessionId().equals(sessionId) && a.binding().equals(binding)
                            && a.authentic(key)) {
                        out.add(a);
                    }
                } catch (IOException | RuntimeException e) {
                    // An unreadable answer approves nothing; keep looking at the others.
                }
            }
        }
        return out;
    }

    private Optional<RequestFile> readRequest(String id) {
        Path p = requestsDir.resolve(id + ".json");
        try {
            RequestFile r = RequestFile.fromJson(Files.readString(p, StandardCharsets.UTF_8));
            return r.id().equals(id) && r.authentic(key) ? Optional.of(r) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<RequestFile> pendingRequest(String sessionId, String binding, Instant now) throws IOException {
        if (!Files.isDirectory(requestsDir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(requestsDir, "*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (!ApprovalWire.ID.matcher(id).matches()) {
                    continue;
                }
                RequestFile r;
                try {
                    r = RequestFile.fromJson(Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException unreadable) {
                    continue;
                }
                // Cheap field checks first; the MAC (and binding recomputation) only for a candidate.
                if (r.id().equals(id) && r.sessionId().equals(sessionId) && r.binding().equals(binding)
                        && !now.isAfter(r.expiresAt()) && r.authentic(key)
                        && !Files.exists(answersDir.resolve(id + ".json"))
                        && !Files.exists(requestsDir.resolve(id + ".used"))) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private RequestFile file(Request request, Instant now) throws IOException {
        Files.createDirectories(requestsDir);
        RequestFile r = RequestFile.create(key, ApprovalWire.newId(random), request.sessionId(), request.argv(),
                request.cwd(), request.rule(), request.reason(), now, now.plus(ttl));
        Path tmp = Files.createTempFile(requestsDir, ".req-", ".tmp");
        try {
            Files.writeString(tmp, r.toJson(), StandardCharsets.UTF_8);
            readableByAll(tmp);
            Files.move(tmp, requestsDir.resolve(r.id() + ".json"), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return r;
    }

    /**
     * Temp files are created owner-only, but the host reads requests as a different uid than the
     * evaluator's. Requests hold nothing secret (the MAC needs the key), so 0644.
     */
    static void readableByAll(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems have no mode bits to fix.
        }
    }

    /** Atomically claims the approval; false if it was already used (by us, a replay or a racing call). */
    private boolean unused(AnswerFile answer) {
        return !consumed.contains(answer.id()) && !Files.exists(requestsDir.resolve(answer.id() + ".used"));
    }

    private boolean consume(AnswerFile answer, Instant now) throws IOException {
        if (consumed.contains(answer.id())) {
            return false;
        }
        Path used = requestsDir.resolve(answer.id() + ".used");
        try {
            Files.write(used, ApprovalWire.useJson(answer.id(), answer.binding(), now)
                    .getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return consumed.add(answer.id());
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // Never the key.
        return "FileApprovalGate[requests=" + requestsDir + ", answers=" + answersDir + ", ttl=" + ttl + "]";
    }
}
