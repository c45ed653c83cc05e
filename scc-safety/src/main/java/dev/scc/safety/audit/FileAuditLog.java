package dev.scc.safety.audit;

import dev.scc.safety.Verdict;
import dev.scc.safety.internal.json.MiniJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * Appends one JSON line per verdict to a file: {@code ts, source, session, cwd, command, decision, rule,
 * reason, approval_request_id?}. Secrets are removed by the one {@link Redactor} (as in the host's audit log)
 * and the command is cut to {@value #MAX_COMMAND} characters. Write failures are swallowed (reported once on
 * stderr) because auditing must never turn a verdict around.
 *
 * <p>Besides verdicts it writes one kind of event record, {@code {ts, kind:"evaluator_restarted", source:
 * "supervisor", session, restart, last_exit_status, reason}} ({@link #restarted}): it has a {@code kind} and no
 * {@code decision} or {@code command}, so readers of verdict lines (the host's spool ingest, the audit summary)
 * pass over it instead of mistaking it for a verdict.
 */
public final class FileAuditLog implements AuditSink {
    /** The {@code kind} of the record {@link #restarted} writes. */
    public static final String EVALUATOR_RESTARTED = "evaluator_restarted";

    static final int MAX_COMMAND = 500;
    private static final Redactor REDACTOR = new Redactor();
    /**
     * Redactions of short strings already seen (the same reasons and everyday commands come back on every line; the
     * redactor's patterns cost more than the rest of a record). Redaction is a pure function, so a remembered result is
     * the result; the memo is cleared when full.
     */
    private static final java.util.Map<String, String> MEMO = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MEMO_ENTRIES = 512;
    private static final int MEMO_MAX_LENGTH = 256;

    private final Path file;
    private final Clock clock;
    private boolean warned;

    public FileAuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Records that the supervisor restarted the evaluator: {@code restart} is the count since the container started
     * (1 for the first restart) and {@code lastExitStatus} the shell exit status of the evaluator that ended (128+N
     * when signal N ended it), as the supervisor saw it.
     */
    public synchronized void restarted(String sessionId, int restart, int lastExitStatus) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ts\":");
        MiniJson.quote(sb, clock.instant().toString());
        sb.append(",\"kind\":");
        MiniJson.quote(sb, EVALUATOR_RESTARTED);
        sb.append(",\"source\":\"supervisor\",\"session\":");
        MiniJson.quote(sb, sessionId);
        sb.append(",\"restart\":").append(restart);
        sb.append(",\"last_exit_status\":").append(lastExitStatus);
        sb.append(",\"reason\":");
        MiniJson.quote(sb, "the safety evaluator " + exitText(lastExitStatus) + "; git and network commands were "
                + "blocked until this restart (" + restart + ")");
        sb.append("}\n");
        append(sb);
    }

    /** How a shell exit status reads: 128+N is signal N. */
    static String exitText(int status) {
        return status > 128 && status < 160 ? "was ended by signal " + (status - 128) + " (exit status " + status + ")"
                : "exited with status " + status;
    }

    @Override
    public synchronized void record(String source, String sessionId, String cwd, List<String> command, Verdict verdict) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"ts\":");
        MiniJson.quote(sb, clock.instant().toString());
        sb.append(",\"source\":");
        MiniJson.quote(sb, source);
        sb.append(",\"session\":");
        MiniJson.quote(sb, sessionId);
        sb.append(",\"cwd\":");
        MiniJson.quote(sb, cwd);
        sb.append(",\"command\":");
        MiniJson.quote(sb, redact(command.size() == 1 ? command.get(0) : joinQuoted(command)));
        sb.append(",\"decision\":");
        MiniJson.quote(sb, verdict.decision().wire());
        sb.append(",\"rule\":");
        if (verdict.rule().isPresent()) {
            MiniJson.quote(sb, verdict.rule().get());
        } else {
            sb.append("null");
        }
        sb.append(",\"reason\":");
        MiniJson.quote(sb, redact(verdict.reason()));
        verdict.approvalRequestId().ifPresent(id -> MiniJson.quote(sb.append(",\"approval_request_id\":"), id));
        evidence(sb, verdict);
        sb.append("}\n");
        append(sb);
    }

    /**
     * The evidence fields: {@code action} (kind), {@code action_hash}, {@code rule_origin}, {@code policy_version},
     * {@code reviewer}, {@code outcome} (allowed, warned, blocked, approval_pending, approved_once) and {@code shadow}
     * (the shadow rules that matched, with what they would have decided).
     */
    private static void evidence(StringBuilder sb, Verdict v) {
        Verdict.Evidence e = v.evidence();
        MiniJson.quote(sb.append(",\"action\":"), e.actionKind());
        e.actionHash().ifPresent(h -> MiniJson.quote(sb.append(",\"action_hash\":"), h));
        e.ruleOrigin().ifPresent(o -> MiniJson.quote(sb.append(",\"rule_origin\":"), o));
        MiniJson.quote(sb.append(",\"policy_version\":"), e.policyVersion());
        e.reviewer().ifPresent(r -> MiniJson.quote(sb.append(",\"reviewer\":"), redact(r)));
        MiniJson.quote(sb.append(",\"outcome\":"), outcome(v));
        sb.append(",\"shadow\":[");
        for (int i = 0; i < e.shadow().size(); i++) {
            Verdict.ShadowMatch m = e.shadow().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"rule\":");
            MiniJson.quote(sb, m.rule());
            MiniJson.quote(sb.append(",\"decision\":"), m.decision() == dev.scc.safety.Decision.BLOCK ? "deny" : m.decision().wire());
            MiniJson.quote(sb.append(",\"origin\":"), m.origin());
            sb.append('}');
        }
        sb.append(']');
    }

    /** What became of the action: allowed, warned, blocked, approval_pending or approved_once. */
    static String outcome(Verdict v) {
        if (v.approvalRequestId().isPresent()) {
            return v.decision().runs() ? "approved_once" : "approval_pending";
        }
        switch (v.decision()) {
            case ALLOW: return "allowed";
            case WARN: return "warned";
            default: return "blocked";
        }
    }

    private void append(CharSequence line) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                System.err.println("scc-safety: cannot append to audit log " + file + ": " + e.getMessage());
            }
        }
    }

    /** An argv as a shell would need it typed, so that the log line is unambiguous. */
    static String joinQuoted(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean plain = !a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,+%^".indexOf(c) >= 0);
            sb.append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Masks credentials and bounds the length. */
    public static String redact(String s) {
        if (s != null && s.length() <= MEMO_MAX_LENGTH) {
            String known = MEMO.get(s);
            if (known != null) {
                return known;
            }
        }
        String r = REDACTOR.redact(s);
        String out = r.length() > MAX_COMMAND ? r.substring(0, MAX_COMMAND) + "…" : r;
        if (s != null && s.length() <= MEMO_MAX_LENGTH) {
            if (MEMO.size() >= MEMO_ENTRIES) {
                MEMO.clear();
            }
            MEMO.put(s, out);
        }
        return out;
    }
}
