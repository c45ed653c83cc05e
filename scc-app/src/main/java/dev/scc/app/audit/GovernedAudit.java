package dev.scc.app.audit;

import dev.scc.core.SccException;
import dev.scc.core.SccException.Kind;
import dev.scc.policy.approval.ApprovalException;
import dev.scc.policy.audit.AuditException;
import dev.scc.policy.audit.AuditIngest;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.audit.AuditRecord;
import dev.scc.policy.audit.AuditVerifier;
import dev.scc.policy.audit.SccState;
import dev.scc.policy.audit.VerifyReport;
import dev.scc.safety.audit.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tamper-evident audit log (the application layer behind {@code scc audit tail|show|export|verify|ingest}):
 * read records, check the hash chain, and append the evidence produced outside this process (each session's
 * verdict spool, proxy access log and approval requests). A SIEM shipper or a compliance tool uses the same class
 * the CLI does. Failures are {@link SccException}s with a kind, never exit codes.
 */
public final class GovernedAudit {
    private final Path log;
    private final Clock clock;

    /**
     * @param log the audit log file ({@code <state root>/audit/audit.jsonl})
     * @param clock what "now" is for appended records
     */
    public GovernedAudit(Path log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The audit log of this user's state root, as {@code env} ({@code XDG_STATE_HOME}, {@code HOME}) names it. */
    public static GovernedAudit standard(Map<String, String> env, Clock clock) {
        return new GovernedAudit(SccState.auditLog(env), clock);
    }

    /** The log file read and written. */
    public Path log() {
        return log;
    }

    /** Every record, in log order. */
    public List<AuditRecord> records() {
        try {
            return new AuditVerifier().read(log);
        } catch (AuditException e) {
            throw new SccException(Kind.FAILED, e.getMessage(), "", e);
        }
    }

    /** The records at or after {@code from}, in log order. */
    public List<AuditRecord> since(Instant from) {
        return records().stream().filter(r -> !r.timestamp().isBefore(from)).toList();
    }

    /** The last {@code count} records at or after {@code from}. */
    public List<AuditRecord> tail(int count, Instant from) {
        List<AuditRecord> all = since(from);
        return all.subList(Math.max(0, all.size() - Math.max(0, count)), all.size());
    }

    /** The record with this sequence number. */
    public Optional<AuditRecord> record(long seq) {
        return records().stream().filter(x -> x.seq() == seq).findFirst();
    }

    /** Checks the hash chain: every edited, removed or reordered record is a problem with its line and seq. */
    public VerifyReport verify() {
        try {
            return new AuditVerifier().verify(log);
        } catch (AuditException e) {
            throw new SccException(Kind.FAILED, e.getMessage(), "", e);
        }
    }

    /**
     * Appends, once each, the evidence the sessions under {@code stateRoot} produced outside this process; returns
     * how many records were appended.
     */
    public int ingest(Path stateRoot) {
        try {
            return new AuditIngest(new AuditLog(log, clock, new Redactor())).all(stateRoot);
        } catch (AuditException | ApprovalException e) {
            throw new SccException(Kind.FAILED, e.getMessage(), "", e);
        }
    }
}
