package dev.scc.app.approval;

import dev.scc.core.SccException;
import dev.scc.core.SccException.Kind;
import dev.scc.policy.approval.ApprovalException;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStatus;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditIngest;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.audit.SccState;
import dev.scc.safety.audit.Redactor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The approval requests sandboxes file for a human (the application layer behind {@code scc approvals},
 * {@code scc approve} and {@code scc deny}): list them, approve or deny one, each answer recorded in the audit log.
 * A platform team's review tool uses the same class the CLI does.
 *
 * <p>Requests live per session under {@code <state root>/sessions/<id>/approvals}; only sessions with approvals
 * enabled (a key file) are read. Failures are {@link SccException}s with a kind, never exit codes.
 */
public final class GovernedApprovals {
    private final Path root;
    private final Clock clock;

    /**
     * @param stateRoot the SCC state root ({@code $XDG_STATE_HOME/scc}); sessions and the audit log live under it
     * @param clock what "now" is for expiry and audit timestamps
     */
    public GovernedApprovals(Path stateRoot, Clock clock) {
        this.root = Objects.requireNonNull(stateRoot, "stateRoot");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The approvals of this user's state root, as {@code env} ({@code XDG_STATE_HOME}, {@code HOME}) names it. */
    public static GovernedApprovals standard(Map<String, String> env, Clock clock) {
        return new GovernedApprovals(SccState.root(env), clock);
    }

    /** The state root read. */
    public Path stateRoot() {
        return root;
    }

    /**
     * The requests of every approval-enabled session (or only {@code session}'s): pending ones, or with {@code all}
     * also the answered, used, expired and invalid ones. Requests filed so far are first recorded in the audit log
     * and the ones that ran out of time are closed (and audited as expired), so the list and the log agree.
     */
    public List<ApprovalRequest> list(Optional<String> session, boolean all) {
        List<ApprovalRequest> shown = new ArrayList<>();
        for (ApprovalStore store : stores(session)) {
            try {
                ingest(store);
                for (ApprovalRequest expired : store.expire()) {
                    audit(event(expired, AuditEvent.ApprovalStep.EXPIRED));
                }
                store.list().stream().filter(r -> all || r.status() == ApprovalStatus.PENDING).forEach(shown::add);
            } catch (ApprovalException e) {
                throw map(e);
            }
        }
        return shown;
    }

    /**
     * Approves the request with this id (or unique prefix): the sandbox may run exactly that command, in that
     * directory, once within {@code validFor}. The answer is audited.
     */
    public ApprovalRequest approve(String id, Optional<String> session, String reviewer, String reason,
            Duration validFor) {
        ApprovalStore store = storeFor(id, session);
        ApprovalRequest r;
        try {
            ingest(store);
            r = store.approve(id, reviewer, reason, validFor);
        } catch (ApprovalException e) {
            throw map(e);
        }
        audit(event(r, AuditEvent.ApprovalStep.APPROVED));
        return r;
    }

    /** Denies the request with this id (or unique prefix); the agent is told, with {@code reason}. Audited. */
    public ApprovalRequest deny(String id, Optional<String> session, String reviewer, String reason) {
        ApprovalStore store = storeFor(id, session);
        ApprovalRequest r;
        try {
            ingest(store);
            r = store.deny(id, reviewer, reason);
        } catch (ApprovalException e) {
            throw map(e);
        }
        audit(event(r, AuditEvent.ApprovalStep.DENIED));
        return r;
    }

    /** The reviewer this process acts as: the OS user name, else {@code unknown}. */
    public static String currentReviewer() {
        String u = System.getProperty("user.name");
        return u == null || u.isBlank() ? "unknown" : u;
    }

    private List<ApprovalStore> stores(Optional<String> session) {
        List<ApprovalStore> out = new ArrayList<>();
        try {
            if (session.isPresent()) {
                out.add(ApprovalStore.open(SccState.approvalsDirUnder(root, session.get()), clock));
                return out;
            }
            Path sessions = root.resolve("sessions");
            if (!Files.isDirectory(sessions)) {
                return out;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(sessions)) {
                for (Path s : ds) {
                    Path dir = s.resolve("approvals");
                    if (Files.exists(dir.resolve(ApprovalStore.KEY_FILE))) {
                        out.add(ApprovalStore.open(dir, clock));
                    }
                }
            }
        } catch (IOException e) {
            throw new SccException(Kind.FAILED, "cannot read sessions under " + root + ": " + e.getMessage(), "", e);
        } catch (ApprovalException e) {
            throw map(e);
        } catch (IllegalArgumentException e) {
            throw new SccException(Kind.INVALID, e.getMessage(), "", e);
        }
        return out;
    }

    /** The one store holding a request with this id or id prefix. */
    private ApprovalStore storeFor(String id, Optional<String> session) {
        ApprovalStore found = null;
        for (ApprovalStore s : stores(session)) {
            Optional<ApprovalRequest> r;
            try {
                r = s.find(id);
            } catch (ApprovalException e) {
                throw map(e);
            }
            if (r.isPresent()) {
                if (found != null) {
                    throw new SccException(Kind.INVALID, "request id '" + id + "' matches requests in several"
                            + " sessions; give the full id or --session.", "", null);
                }
                found = s;
            }
        }
        if (found == null) {
            throw new SccException(Kind.NOT_FOUND, "no approval request '" + id + "'"
                    + session.map(s -> " in session " + s).orElse("") + "; run `scc approvals` to list pending"
                    + " requests.", "", null);
        }
        return found;
    }

    private void audit(AuditEvent event) {
        auditLog().append(event);
    }

    /** Records requests filed (and approvals used) so far, so the log shows them before any answer. */
    private void ingest(ApprovalStore store) {
        new AuditIngest(auditLog()).approvals(store, store.directory().resolve(".audited"));
    }

    private AuditLog auditLog() {
        return new AuditLog(SccState.auditLogUnder(root), clock, new Redactor());
    }

    private static AuditEvent.Approval event(ApprovalRequest r, AuditEvent.ApprovalStep step) {
        return new AuditEvent.Approval(r.sessionId(), r.id(), step, r.argv(), r.cwd(), r.rule(),
                r.answer().map(ApprovalRequest.Answer::reviewer),
                r.answer().map(ApprovalRequest.Answer::reason).filter(s -> !s.isEmpty()).orElse(r.reason()));
    }

    private static SccException map(ApprovalException e) {
        Kind kind = switch (e.kind()) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case NOT_PENDING, INVALID -> Kind.REFUSED;
            case IO -> Kind.FAILED;
        };
        return new SccException(kind, e.getMessage(), "", e);
    }
}
