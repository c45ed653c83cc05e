package dev.scc.app.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.app.audit.GovernedAudit;
import dev.scc.core.SccException;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStatus;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.policy.audit.AuditRecord;
import dev.scc.policy.audit.SccState;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.approval.FileApprovalGate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals and audit as an embedder uses them: no picocli, SccExceptions with a kind, the real file formats. */
class GovernedApprovalsTest {
    @TempDir Path state;
    FileApprovalGate gate;
    final Clock clock = Clock.systemUTC();
    final ApprovalGate.Request push = new ApprovalGate.Request(List.of("git", "push", "origin", "main"), "/work",
            "git.push.protected", "pushing to protected branch main", "s1");

    @BeforeEach
    void setUp() throws IOException {
        Path approvals = SccState.approvalsDirUnder(state, "s1");
        ApprovalStore.initialize(approvals, clock);
        gate = new FileApprovalGate(approvals.resolve("requests"), approvals.resolve("answers"),
                FileApprovalGate.readKey(approvals.resolve("key")), clock, Duration.ofMinutes(15));
    }

    @Test
    void approvedRequestRunsOnceAndEveryStepIsInTheVerifiedAuditLog() {
        String id = gate.check(push).requestId().orElseThrow();
        GovernedApprovals approvals = new GovernedApprovals(state, clock);

        assertThat(approvals.list(Optional.empty(), false)).extracting(ApprovalRequest::id).containsExactly(id);
        ApprovalRequest r = approvals.approve(id.substring(0, 6), Optional.of("s1"), "alice", "release 1.2",
                Duration.ofMinutes(5));

        assertThat(r.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(gate.check(push).approved()).isTrue();
        GovernedAudit audit = new GovernedAudit(SccState.auditLogUnder(state), clock);
        assertThat(audit.ingest(state)).as("the use of the approval").isEqualTo(1);
        assertThat(audit.verify().ok()).isTrue();
        assertThat(approvals.list(Optional.empty(), false)).isEmpty();
        assertThat(audit.records()).extracting(rec -> rec.evidence().outcome())
                .containsExactly("pending", "approved", "ran");
        assertThat(audit.tail(1, Instant.MIN)).extracting(AuditRecord::seq)
                .containsExactly(audit.records().get(2).seq());
        assertThat(audit.record(audit.records().get(1).seq()).orElseThrow().json()).contains("release 1.2");
    }

    @Test
    void deniedRequestCannotBeApprovedAfterwards() {
        String id = gate.check(push).requestId().orElseThrow();
        GovernedApprovals approvals = new GovernedApprovals(state, clock);

        approvals.deny(id, Optional.empty(), "bob", "freeze");

        assertThat(gate.check(push).message()).contains("DENIED", "freeze");
        assertThatThrownBy(() -> approvals.approve(id, Optional.empty(), "bob", "", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(SccException.class,
                        e -> assertThat(e.kind()).isEqualTo(SccException.Kind.REFUSED));
    }

    @Test
    void unknownRequestIsNotFoundAndNamesTheSession() {
        assertThatThrownBy(() -> new GovernedApprovals(state, clock).deny("ffff", Optional.of("s1"), "bob", ""))
                .isInstanceOfSatisfying(SccException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SccException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("'ffff'", "in session s1");
                });
    }
}
