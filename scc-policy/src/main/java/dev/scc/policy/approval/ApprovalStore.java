package dev.scc.policy.approval;

import dev.scc.policy.approval.ApprovalException.Kind;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.safety.approval.ApprovalWire;
import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The host side of approvals for one session: lists the requests the sandbox filed and writes
 * signed answers the sandbox's {@code FileApprovalGate} accepts. Layout of the approvals directory
 * ({@code $XDG_STATE_HOME/scc/sessions/<id>/approvals}):
 * <pre>
 *   key                 per-session HMAC key, hex, mode 0600, never mounted where the agent can read it
 *   requests/&lt;id&gt;.json  filed by the sandbox's evaluator (read-only here)
 *   requests/&lt;id&gt;.used  written by the evaluator when an approval is consumed
 *   answers/&lt;id&gt;.json   written here, mounted read-only into the sandbox
 * </pre>
 * Only authentic requests (valid MAC under the session key, binding matching the argv and cwd shown)
 * can be approved, so a reviewer always signs exactly what they were shown. An answer is written
 * once (create-new): a second decision on the same request is refused.
 */
public final class ApprovalStore {
    public static final String KEY_FILE = "key";
    public static final String REQUESTS = "requests";
    public static final String ANSWERS = "answers";
    /** How long an approval stays usable when the caller does not say. */
    /** Request and answer files larger than this are invalid (they hold one command line). */
    static final int MAX_FILE_BYTES = 256 * 1024;
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(10);

    private final Path dir;
    private final byte[] key;
    private final Clock clock;

    /** A store over {@code approvalsDir} using {@code key}; see {@link #open} and {@link #initialize}. */
    public ApprovalStore(Path approvalsDir, byte[] key, Clock clock) {
        this.dir = approvalsDir;
        this.key = key.clone();
        this.clock = clock;
    }

    /**
     * Prepares a session's approval directory: the two subdirectories and, if absent, a fresh 256-bit
     * key written atomically with mode 0600. Idempotent: an existing key is kept.
     */
    public static ApprovalStore initialize(Path approvalsDir, Clock clock) {
        try {
            Files.createDirectories(approvalsDir.resolve(REQUESTS));
            Files.createDirectories(approvalsDir.resolve(ANSWERS));
            Path keyFile = approvalsDir.resolve(KEY_FILE);
            if (!Files.exists(keyFile)) {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                Path tmp = createPrivateTemp(approvalsDir);
                try {
                    Files.writeString(tmp, HexFormat.of().formatHex(k) + "\n", StandardCharsets.US_ASCII);
                    try {
                        // No replace: if another process created a key meanwhile, theirs wins and we read it.
                        Files.createLink(keyFile, tmp);
                    } catch (FileAlreadyExistsException raced) {
                        // fall through to open()
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new ApprovalException(Kind.IO, approvalsDir, "cannot prepare approval directory " + approvalsDir
                    + ": " + e.getMessage() + ". Check that the state directory is writable.", e);
        }
        return open(approvalsDir, clock);
    }

    /** Opens an existing session's approval directory; fails if it has no key. */
    public static ApprovalStore open(Path approvalsDir, Clock clock) {
        Path keyFile = approvalsDir.resolve(KEY_FILE);
        try {
            byte[] k = HexFormat.of().parseHex(new String(BoundedFiles.read(keyFile, 4096), StandardCharsets.US_ASCII).strip());
            if (k.length < 16) {
                throw new IllegalArgumentException("key too short");
            }
            return new ApprovalStore(approvalsDir, k, clock);
        } catch (NoSuchFileException e) {
            throw new ApprovalException(Kind.NOT_FOUND, keyFile, "no approval key at " + keyFile
                    + ": this session was not started with approvals enabled.", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ApprovalException(Kind.INVALID, keyFile, "approval key " + keyFile
                    + " is unreadable or not hex (" + e.getMessage() + "); restart the session to get a new key.", e);
        }
    }

    public Path directory() {
        return dir;
    }

    public Path requestsDir() {
        return dir.resolve(REQUESTS);
    }

    public Path answersDir() {
        return dir.resolve(ANSWERS);
    }

    /** Every request, oldest first, with its current status. */
    public List<ApprovalRequest> list() {
        List<ApprovalRequest> out = new ArrayList<>();
        Path reqs = requestsDir();
        if (!Files.isDirectory(reqs)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(reqs, "*.json")) {
            for (Path p : ds) {
                out.add(read(p));
            }
        } catch (IOException e) {
            throw new ApprovalException(Kind.IO, reqs, "cannot list " + reqs + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ApprovalRequest::createdAt).thenComparing(ApprovalRequest::id));
        return List.copyOf(out);
    }

    /** The requests a human can answer now. */
    public List<ApprovalRequest> pending() {
        return list().stream().filter(r -> r.status() == ApprovalStatus.PENDING).toList();
    }

    /** The request with this id, or the only one whose id starts with it; ambiguous prefixes are an error. */
    public Optional<ApprovalRequest> find(String idOrPrefix) {
        if (idOrPrefix.isEmpty()) {
            return Optional.empty();
        }
        List<ApprovalRequest> matches = list().stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
        Optional<ApprovalRequest> exact = matches.stream().filter(r -> r.id().equals(idOrPrefix)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        if (matches.size() > 1) {
            throw new ApprovalException(Kind.NOT_FOUND, requestsDir(), "request id prefix '" + idOrPrefix
                    + "' is ambiguous (" + matches.stream().map(ApprovalRequest::id).toList()
                    + "); give more characters.");
        }
        return matches.stream().findFirst();
    }

    /** Approves a pending request: the sandbox may run exactly that command once within {@code validFor}. */
    public ApprovalRequest approve(String idOrPrefix, String reviewer, String reason, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("approval validity must be positive, got " + validFor);
        }
        return answer(idOrPrefix, AnswerFileDecision.APPROVE, reviewer, reason, validFor);
    }

    /** Denies a pending request; the sandbox reports the denial and does not run the command. */
    public ApprovalRequest deny(String idOrPrefix, String reviewer, String reason) {
        return answer(idOrPrefix, AnswerFileDecision.DENY, reviewer, reason, Duration.ZERO);
    }

    /**
     * Closes every request whose time ran out unanswered with a signed {@code expire} answer, so its
     * end is on record. Returns the requests it closed.
     */
    public List<ApprovalRequest> expire() {
        Instant now = clock.instant();
        List<ApprovalRequest> closed = new ArrayList<>();
        for (ApprovalRequest r : list()) {
            if (r.status() == ApprovalStatus.EXPIRED && r.answer().isEmpty()) {
                RequestFile f = readAuthentic(requestsDir().resolve(r.id() + ".json"));
                AnswerFile a = AnswerFile.create(key, f.id(), f.sessionId(), f.binding(), AnswerFileDecision.EXPIRE,
                        "scc", "not answered before " + f.expiresAt(), now, now);
                if (write(a)) {
                    closed.add(read(requestsDir().resolve(r.id() + ".json")));
                }
            }
        }
        return List.copyOf(closed);
    }

    private ApprovalRequest answer(String idOrPrefix, String decision, String reviewer, String reason,
            Duration validFor) {
        ApprovalRequest r = find(idOrPrefix).orElseThrow(() -> new ApprovalException(Kind.NOT_FOUND, requestsDir(),
                "no approval request '" + idOrPrefix + "' in " + requestsDir() + "; run `scc approvals` to list them."));
        if (r.status() != ApprovalStatus.PENDING) {
            throw new ApprovalException(r.status() == ApprovalStatus.INVALID ? Kind.INVALID : Kind.NOT_PENDING,
                    requestsDir().resolve(r.id() + ".json"), "request " + r.id() + " is " + r.status()
                    .name().toLowerCase() + ", not pending; only pending requests can be answered"
                    + (r.status() == ApprovalStatus.INVALID ? " (its file fails authentication)." : "."));
        }
        RequestFile f = readAuthentic(requestsDir().resolve(r.id() + ".json"));
        Instant now = clock.instant();
        AnswerFile a = AnswerFile.create(key, f.id(), f.sessionId(), f.binding(), decision, reviewer, reason, now,
                now.plus(validFor));
        if (!write(a)) {
            throw new ApprovalException(Kind.NOT_PENDING, answersDir().resolve(r.id() + ".json"),
                    "request " + r.id() + " was answered by someone else just now; run `scc approvals --all`.");
        }
        return read(requestsDir().resolve(r.id() + ".json"));
    }

    /** Writes an answer once: hard-link of a complete temp file, which fails if an answer exists. */
    private boolean write(AnswerFile a) {
        Path target = answersDir().resolve(a.id() + ".json");
        try {
            Files.createDirectories(answersDir());
            Path tmp = Files.createTempFile(answersDir(), ".answer-", ".tmp");
            try {
                Files.writeString(tmp, a.toJson(), StandardCharsets.UTF_8);
                // The sandbox's evaluator reads answers as another uid; answers are signed, not secret.
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // no mode bits to set
                }
                try {
                    Files.createLink(target, tmp);
                } catch (UnsupportedOperationException noLinks) {
                    if (Files.exists(target)) {
                        return false;
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ApprovalException(Kind.IO, target, "cannot write answer " + target + ": " + e.getMessage(), e);
        }
    }

    private RequestFile readAuthentic(Path p) {
        try {
            RequestFile f = RequestFile.fromJson(readSmall(p));
            if (!f.authentic(key) || !p.getFileName().toString().equals(f.id() + ".json")) {
                throw new IllegalArgumentException("MAC or binding does not verify");
            }
            return f;
        } catch (IOException | RuntimeException e) {
            throw new ApprovalException(Kind.INVALID, p, "request " + p + " fails authentication: " + e.getMessage(), e);
        }
    }

    private ApprovalRequest read(Path p) {
        String name = p.getFileName().toString();
        String fileId = name.substring(0, name.length() - ".json".length());
        RequestFile f;
        try {
            f = RequestFile.fromJson(readSmall(p));
        } catch (IOException | RuntimeException e) {
            return new ApprovalRequest(fileId, "", List.of(), "", "", "unreadable request: " + e.getMessage(),
                    Instant.EPOCH, Instant.EPOCH, ApprovalStatus.INVALID, Optional.empty());
        }
        boolean authentic = f.authentic(key) && f.id().equals(fileId);
        Optional<AnswerFile> answer = authentic ? readAnswer(f) : Optional.empty();
        Instant now = clock.instant();
        ApprovalStatus status;
        if (!authentic) {
            status = ApprovalStatus.INVALID;
        } else if (Files.exists(requestsDir().resolve(f.id() + ".used"))) {
            status = ApprovalStatus.USED;
        } else if (answer.isPresent()) {
            status = switch (answer.get().decision()) {
                case AnswerFileDecision.APPROVE -> now.isAfter(answer.get().expiresAt())
                        ? ApprovalStatus.EXPIRED : ApprovalStatus.APPROVED;
                case AnswerFileDecision.DENY -> ApprovalStatus.DENIED;
                default -> ApprovalStatus.EXPIRED;
            };
        } else {
            status = now.isAfter(f.expiresAt()) ? ApprovalStatus.EXPIRED : ApprovalStatus.PENDING;
        }
        return new ApprovalRequest(f.id(), f.sessionId(), f.argv(), f.cwd(), f.rule(), f.reason(), f.createdAt(),
                f.expiresAt(), status, answer.map(a -> new ApprovalRequest.Answer(a.decision(), a.reviewer(),
                        a.reason(), a.decidedAt(), a.expiresAt())));
    }

    private Optional<AnswerFile> readAnswer(RequestFile f) {
        Path p = answersDir().resolve(f.id() + ".json");
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            AnswerFile a = AnswerFile.fromJson(readSmall(p));
            return a.authentic(key) && a.id().equals(f.id()) && a.binding().equals(f.binding())
                    ? Optional.of(a) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A request or answer file: written by the sandbox, so it may be anything (a FIFO would block a host
     * command forever, {@code /dev/zero} would fill the heap). Only small regular files are read.
     */
    private static String readSmall(Path p) throws IOException {
        return new String(BoundedFiles.read(p, MAX_FILE_BYTES), StandardCharsets.UTF_8);
    }

    private static Path createPrivateTemp(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".key-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, ".key-", ".tmp");
        }
    }

    /** The decision words of the answer format. */
    private static final class AnswerFileDecision {
        static final String APPROVE = "approve";
        static final String DENY = "deny";
        static final String EXPIRE = "expire";
    }
}
