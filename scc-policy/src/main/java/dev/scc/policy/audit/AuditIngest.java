package dev.scc.policy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStatus;
import dev.scc.policy.approval.ApprovalStore;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Brings evidence produced outside the host process into the audit log: the sandbox's verdict
 * spool, the egress proxy's Squid access log, and the approval directory (requests filed, approvals
 * used). Each source has a cursor file (a byte offset, or the set of events already recorded) so
 * every item is appended once; only complete lines are read. Delivery is at-least-once: a crash
 * between appending and saving the cursor re-appends those items next time. A source that shrank
 * (rotated or truncated) is read again from the start.
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
                                ? Optional.of(n.path("policy_version").asText()) : Optional.empty()));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /** Appends {@code requested} and {@code used} approval records not yet recorded (answers are audited by the CLI). */
    public int approvals(ApprovalStore store, Path cursorFile) {
        Set<String> done = new LinkedHashSet<>(readLines(cursorFile));
        int n = 0;
        for (ApprovalRequest r : store.list()) {
            if (r.status() == ApprovalStatus.INVALID) {
                continue;
            }
            if (done.add(r.id() + " requested")) {
                log.append(approval(r, AuditEvent.ApprovalStep.REQUESTED, Optional.empty(), r.reason()));
                n++;
            }
            if (r.status() == ApprovalStatus.USED && done.add(r.id() + " used")) {
                log.append(approval(r, AuditEvent.ApprovalStep.USED,
                        r.answer().map(ApprovalRequest.Answer::reviewer), r.reason()));
                n++;
            }
        }
        if (n > 0) {
            writeAtomically(cursorFile, String.join("\n", done) + "\n");
        }
        return n;
    }

    private static AuditEvent.Approval approval(ApprovalRequest r, AuditEvent.ApprovalStep step,
            Optional<String> reviewer, String reason) {
        return new AuditEvent.Approval(r.sessionId(), r.id(), step, r.argv(), r.cwd(), r.rule(), reviewer, reason);
    }

    private int lines(Path source, Path cursorFile, Function<String, Optional<AuditEvent>> parse) {
        long offset = readLines(cursorFile).stream().findFirst().filter(v -> v.matches("\\d{1,18}"))
                .map(Long::parseLong).orElse(0L);
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
                    if (e.isPresent()) {
                        log.append(e.get());
                        n++;
                    }
                    start = i + 1;
                }
            }
            if (start > 0) {
                writeAtomically(cursorFile, (offset + start) + "\n");
            }
            return n;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new AuditException(source, "cannot ingest " + source + ": " + e.getMessage(), e);
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
