package dev.scc.policy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStatus;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.policy.audit.internal.AuditCodec;
import dev.scc.policy.files.FileLocks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Brings evidence produced outside the host process into the audit log: the sandbox's verdict
 * spool, the egress proxy's Squid access log, and the approval directory (requests filed, approvals
 * used). Each source has a cursor file (a byte offset, or the set of events already recorded) so
 * every item is appended once; only complete lines are read. A source that shrank (rotated or
 * truncated) is read again from the start.
 *
 * <p>Exactly once, also across crashes and parallel ingests: each source is ingested under its cursor's lock
 * ({@link FileLocks}), and the cursor moves per item in two steps. Before an item is appended the cursor
 * records it as pending (its key and the log's last seq at that moment); the record carries the same key in
 * {@code details.ingest_key}; after the append the cursor moves past the item. An ingest that finds a pending
 * item looks for its key among the records after that seq and only appends it if it is not there.
 */
public final class AuditIngest {
    /** Where, under a session directory, the sandbox writes its verdict spool (docs/audit.md). */
    public static final String VERDICT_SPOOL = "audit-spool/verdicts.jsonl";
    /** Where, under a session directory, the runtime puts the proxy's access log. */
    public static final String PROXY_ACCESS_LOG = "proxy/access.log";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditLog log;
    private final SquidAccessLog squid = new SquidAccessLog();

    public AuditIngest(AuditLog log) {
        this.log = log;
    }

    /** Every session directory under {@code stateRoot/sessions}; returns records added. */
    public int all(Path stateRoot) {
        Path sessions = stateRoot.resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return 0;
        }
        int n = 0;
        try (var ds = Files.newDirectoryStream(sessions)) {
            for (Path s : ds) {
                if (Files.isDirectory(s)) {
                    n += session(s);
                }
            }
        } catch (IOException e) {
            throw new AuditException(sessions, "cannot list sessions in " + sessions + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** One session directory (its name is the session id): approvals, verdict spool, proxy log. */
    public int session(Path sessionDir) {
        String id = sessionDir.getFileName().toString();
        int n = 0;
        Path approvals = sessionDir.resolve("approvals");
        if (Files.exists(approvals.resolve(ApprovalStore.KEY_FILE))) {
            n += approvals(ApprovalStore.open(approvals, java.time.Clock.systemUTC()),
                    approvals.resolve(".audited"));
        }
        n += verdictSpool(sessionDir.resolve(VERDICT_SPOOL), id, sessionDir.resolve("audit-spool.cursor"));
        n += squidAccessLog(sessionDir.resolve(PROXY_ACCESS_LOG), Optional.of(id),
                sessionDir.resolve("proxy-log.cursor"));
        return n;
    }

    /** Appends a denial record for each new denial line of a Squid native access log. */
    public int squidAccessLog(Path accessLog, Optional<String> sessionId, Path cursorFile) {
        return lines(accessLog, cursorFile, line -> squid.denial(line, sessionId).map(d -> (AuditEvent) d));
    }

    /**
     * Appends a verdict record for each new line of a sandbox verdict spool: JSON objects with
     * {@code agent, argv, cwd, decision, rule, reason} and optional {@code policy_version}, or as the in-sandbox
     * evaluator writes them ({@code source} for the agent, {@code command} as one shell-quoted, already redacted
     * string). Lines that are not such objects are skipped (verify the spool's producer, not the log).
     */
    public int verdictSpool(Path spool, String sessionId, Path cursorFile) {
        return lines(spool, cursorFile, line -> {
            try {
                JsonNode n = JSON.readTree(line);
                List<String> argv = new ArrayList<>();
                n.path("argv").forEach(a -> argv.add(a.asText()));
                if (argv.isEmpty() && n.path("command").isTextual()) {
                    argv.add(n.path("command").asText());
                }
                if (!n.path("decision").isTextual() || argv.isEmpty()) {
                    return Optional.empty();
                }
                String agent = n.path("agent").asText(n.path("source").asText("unknown"));
                return Optional.of(new AuditEvent.SafetyVerdict(sessionId, agent, argv,
                        n.path("cwd").asText(""), n.path("decision").asText(), n.path("rule").asText(""),
                        n.path("reason").asText(""), n.path("policy_version").isTextual()
                                && !n.path("policy_version").asText().isEmpty()
                                ? Optional.of(n.path("policy_version").asText()) : Optional.empty(), actionEvidence(n)));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The action policy's evidence fields of an evaluator verdict line ({@code action}, {@code action_hash},
     * {@code rule_origin}, {@code reviewer}, {@code outcome}, {@code shadow}); shadow matches become strings
     * {@code id=decision (origin)}, as record details hold strings and lists of strings.
     */
    static Map<String, Object> actionEvidence(JsonNode n) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String k : List.of("action", "action_hash", "rule_origin", "reviewer", "outcome")) {
            if (n.path(k).isTextual()) {
                m.put(k, n.path(k).asText());
            }
        }
        if (n.path("shadow").isArray()) {
            List<String> shadow = new ArrayList<>();
            n.path("shadow").forEach(s -> shadow.add(s.path("rule").asText() + "=" + s.path("decision").asText() + " ("
                    + s.path("origin").asText() + ")"));
            m.put("shadow", shadow);
        }
        return m;
    }

    /** Appends {@code requested} and {@code used} approval records not yet recorded (answers are audited by the CLI). */
    public int approvals(ApprovalStore store, Path cursorFile) {
        return locked(cursorFile, () -> {
            Cursor c = Cursor.read(cursorFile);
            Set<String> done = new LinkedHashSet<>(c.state());
            c.pending().filter(this::alreadyAppended).ifPresent(p -> done.add(p.item()));
            int n = 0;
            for (ApprovalRequest r : store.list()) {
                if (r.status() == ApprovalStatus.INVALID) {
                    continue;
                }
                String requested = r.id() + " requested";
                if (!done.contains(requested)) {
                    appendItem(cursorFile, List.copyOf(done), requested,
                            approval(r, AuditEvent.ApprovalStep.REQUESTED, Optional.empty(), r.reason()));
                    done.add(requested);
                    n++;
                }
                String used = r.id() + " used";
                if (r.status() == ApprovalStatus.USED && !done.contains(used)) {
                    appendItem(cursorFile, List.copyOf(done), used, approval(r,
                            AuditEvent.ApprovalStep.USED, r.answer().map(ApprovalRequest.Answer::reviewer), r.reason()));
                    done.add(used);
                    n++;
                }
            }
            if (c.pending().isPresent()) {
                Cursor.write(cursorFile, List.copyOf(done), Optional.empty());
            }
            return n;
        });
    }

    private static AuditEvent.Approval approval(ApprovalRequest r, AuditEvent.ApprovalStep step,
            Optional<String> reviewer, String reason) {
        return new AuditEvent.Approval(r.sessionId(), r.id(), step, r.argv(), r.cwd(), r.rule(), reviewer, reason);
    }

    private int lines(Path source, Path cursorFile, Function<String, Optional<AuditEvent>> parse) {
        return locked(cursorFile, () -> linesLocked(source, cursorFile, parse));
    }

    private int linesLocked(Path source, Path cursorFile, Function<String, Optional<AuditEvent>> parse) {
        Cursor c = Cursor.read(cursorFile);
        long offset = c.state().stream().findFirst().filter(v -> v.matches("\\d{1,18}"))
                .map(Long::parseLong).orElse(0L);
        Optional<Pending> pending = c.pending();
        if (pending.isPresent() && alreadyAppended(pending.get())) {
            // A crash came between the append and the cursor's move: the item is in the log, move past it.
            offset = Long.parseLong(pending.get().item());
        }
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) {
                offset = 0;
            }
            ch.position(offset);
            byte[] rest;
            try (InputStream in = Channels.newInputStream(ch)) {
                rest = in.readAllBytes();
            }
            int n = 0;
            int start = 0;
            for (int i = 0; i < rest.length; i++) {
                if (rest[i] == '\n') {
                    String line = new String(rest, start, i - start, StandardCharsets.UTF_8);
                    Optional<AuditEvent> e = parse.apply(line);
                    long next = offset + i + 1;
                    if (e.isPresent()) {
                        appendItem(cursorFile, List.of(Long.toString(offset + start)), Long.toString(next),
                                e.get());
                        n++;
                    }
                    start = i + 1;
                }
            }
            if (start > 0 || pending.isPresent()) {
                Cursor.write(cursorFile, List.of(Long.toString(offset + start)), Optional.empty());
            }
            return n;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new AuditException(source, "cannot ingest " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one item exactly once: the cursor first names it as pending ({@code stateBefore} plus the pending
     * line, where {@code item} is what the state becomes once it is recorded), then the record is appended with
     * the item's key, and the caller moves the cursor on.
     */
    private void appendItem(Path cursorFile, List<String> stateBefore, String item, AuditEvent event) {
        // The key names the cursor and the item's state before it, so it is unique per item of this source.
        String ingestKey = ingestKey(cursorFile, stateBefore.size() + ":" + item);
        Cursor.write(cursorFile, stateBefore, Optional.of(new Pending(log.lastSeq(), item, ingestKey)));
        log.append(event, Optional.of(ingestKey));
    }

    /** A short, redaction-proof key for an item: a digest of the cursor file and the item's position or id. */
    private static String ingestKey(Path cursorFile, String key) {
        return "i" + AuditCodec.sha256(cursorFile.toAbsolutePath() + "\n" + key).substring(0, 32);
    }

    private boolean alreadyAppended(Pending p) {
        String marker = "\"" + AuditCodec.INGEST_KEY + "\":\"" + p.key() + "\"";
        for (AuditRecord r : new AuditVerifier().read(log.file())) {
            if (r.seq() > p.afterSeq() && r.json().contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static <T> T locked(Path cursorFile, dev.scc.policy.files.FileLocks.Body<T> body) {
        try {
            return FileLocks.withLock(cursorFile, body);
        } catch (IOException e) {
            throw new AuditException(cursorFile, "cannot lock ingest cursor " + cursorFile + ": " + e.getMessage(), e);
        }
    }

    /** An item named in the cursor before its append: the log's last seq then, the item, its ingest key. */
    private record Pending(long afterSeq, String item, String key) {}

    /** A cursor file: state lines (an offset, or the items done) and at most one {@code pending} line. */
    private record Cursor(List<String> state, Optional<Pending> pending) {
        private static final String PENDING = "pending ";

        static Cursor read(Path p) {
            List<String> state = new ArrayList<>();
            Optional<Pending> pending = Optional.empty();
            for (String line : readLines(p)) {
                if (line.startsWith(PENDING)) {
                    String[] f = line.substring(PENDING.length()).split(" ", 3);
                    if (f.length == 3 && f[0].matches("\\d{1,18}")) {
                        pending = Optional.of(new Pending(Long.parseLong(f[0]), f[2], f[1]));
                    }
                } else {
                    state.add(line);
                }
            }
            return new Cursor(state, pending);
        }

        static void write(Path p, List<String> state, Optional<Pending> pending) {
            StringBuilder sb = new StringBuilder();
            state.forEach(l -> sb.append(l).append('\n'));
            pending.ifPresent(x -> sb.append(PENDING).append(x.afterSeq()).append(' ').append(x.key()).append(' ')
                    .append(x.item()).append('\n'));
            writeAtomically(p, sb.toString());
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AuditException(p, "cannot read ingest cursor " + p + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path p, String text) {
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(p.toAbsolutePath().getParent(), ".cursor-", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new AuditException(p, "cannot save ingest cursor " + p + ": " + e.getMessage(), e);
        }
    }
}
