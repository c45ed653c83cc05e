package dev.scc.cli.commands.approval;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.cli.ExitCodes;
import dev.scc.policy.approval.ApprovalException;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditIngest;
import dev.scc.policy.audit.AuditLog;
import dev.scc.safety.audit.Redactor;
import dev.scc.policy.audit.SccState;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What the approval commands share: where sessions live, finding a request, auditing decisions. */
class ApprovalSupport {
    final dev.scc.cli.CliServices services;

    ApprovalSupport(dev.scc.cli.CliServices services) {
        this.services = services;
        this.clock = services.clock();
    }

    @Option(names = "--state-dir", paramLabel = "DIR", hidden = true,
            description = "SCC state root (default: $XDG_STATE_HOME/scc or ~/.local/state/scc).")
    Path stateDir;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session's requests.")
    String session;

    final Clock clock;

    Path root() {
        return stateDir != null ? stateDir : SccState.root(services.env());
    }

    /** The stores of every session with approvals enabled (a key file), or of {@code --session}. */
    List<ApprovalStore> stores() {
        List<ApprovalStore> out = new ArrayList<>();
        try {
            if (session != null) {
                Path dir = SccState.approvalsDirUnder(root(), session);
                out.add(ApprovalStore.open(dir, clock));
                return out;
            }
            Path sessions = root().resolve("sessions");
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
            throw new SccException(Kind.FAILED, "cannot read sessions under " + root() + ": " + e.getMessage(), "", e);
        } catch (ApprovalException e) {
            throw map(e);
        } catch (IllegalArgumentException e) {
            throw new SccException(Kind.INVALID, e.getMessage(), "", e);
        }
        return out;
    }

    /** The one store holding a request with this id or id prefix. */
    ApprovalStore storeFor(String id) {
        ApprovalStore found = null;
        for (ApprovalStore s : stores()) {
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
                    + (session != null ? " in session " + session : "") + "; run `scc approvals` to list pending"
                    + " requests.", "", null);
        }
        return found;
    }

    void audit(AuditEvent event) {
        auditLog().append(event);
    }

    /** Records requests filed (and approvals used) so far, so the log shows them before any answer. */
    void ingest(ApprovalStore store) {
        new AuditIngest(auditLog()).approvals(store, store.directory().resolve(".audited"));
    }

    private AuditLog auditLog() {
        return new AuditLog(SccState.auditLogUnder(root()), clock, new Redactor());
    }

    static AuditEvent.Approval event(ApprovalRequest r, AuditEvent.ApprovalStep step) {
        return new AuditEvent.Approval(r.sessionId(), r.id(), step, r.argv(), r.cwd(), r.rule(),
                r.answer().map(ApprovalRequest.Answer::reviewer),
                r.answer().map(ApprovalRequest.Answer::reason).filter(s -> !s.isEmpty()).orElse(r.reason()));
    }

    static SccException map(ApprovalException e) {
        SccException.Kind kind = switch (e.kind()) {
            case NOT_FOUND -> SccException.Kind.NOT_FOUND;
            case NOT_PENDING, INVALID -> SccException.Kind.REFUSED;
            case IO -> SccException.Kind.FAILED;
        };
        return new SccException(kind, e.getMessage(), "", e);
    }

    static String reviewer() {
        String u = System.getProperty("user.name");
        return u == null || u.isBlank() ? "unknown" : u;
    }

    static String describe(ApprovalRequest r) {
        return dev.scc.cli.output.ShellQuote.of(r.argv()) + "  (in " + r.cwd() + ")";
    }
}
