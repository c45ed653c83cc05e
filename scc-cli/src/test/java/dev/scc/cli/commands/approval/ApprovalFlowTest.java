package dev.scc.cli.commands.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.Main;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.safety.approval.ApprovalWire;
import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.policy.audit.AuditVerifier;
import dev.scc.policy.audit.SccState;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.approval.ApprovalGate.Outcome;
import dev.scc.safety.approval.FileApprovalGate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval flow end to end over the real file formats: the sandbox side is FileApprovalGate,
 * the host side is the `scc approvals|approve|deny` commands over ApprovalStore.
 */
class ApprovalFlowTest {
    @TempDir Path state;
    Path approvals;
    OffsetClock sandboxClock;
    FileApprovalGate gate;
    final ApprovalGate.Request push = new ApprovalGate.Request(List.of("git", "push", "origin", "main"), "/work",
            "git.push.protected", "pushing to protected branch main", "s1");

    @BeforeEach
    void setUp() throws IOException {
        approvals = SccState.approvalsDirUnder(state, "s1");
        ApprovalStore.initialize(approvals, Clock.systemUTC());
        sandboxClock = new OffsetClock();
        gate = new FileApprovalGate(approvals.resolve("requests"), approvals.resolve("answers"),
                FileApprovalGate.readKey(approvals.resolve("key")), sandboxClock, Duration.ofMinutes(15));
    }

    @Test
    void approvedCommandRunsOnceAndTheSecondUseIsRefused() {
        Outcome stopped = gate.check(push);
        String id = stopped.requestId().orElseThrow();
        assertThat(stopped.approved()).isFalse();

        Run list = scc("approvals", "--state-dir", state.toString());
        assertThat(list.out).contains(id, "git push origin main", "/work", "git.push.protected");

        Run approve = scc("approve", id.substring(0, 6), "--reason", "release 1.2", "--state-dir", state.toString());
        assertThat(approve.code).as(approve.err).isZero();

        Outcome first = gate.check(push);
        Outcome second = gate.check(push);
        assertThat(first.approved()).isTrue();
        assertThat(first.requestId()).contains(id);
        assertThat(second.approved()).isFalse();
        assertThat(scc("approvals", "--all", "--state-dir", state.toString()).out).contains(id + "  used");

        Run verify = scc("audit", "verify", "--log", SccState.auditLogUnder(state).toString());
        assertThat(verify.code).as(verify.err).isZero();
        assertThat(scc("audit", "ingest", "--state-dir", state.toString()).code).isZero();
        assertThat(new AuditVerifier().read(SccState.auditLogUnder(state))).extracting(r -> r.evidence().outcome())
                .containsExactly("pending", "approved", "ran", "pending"); // the refused second use filed a new request
        assertThat(new AuditVerifier().read(SccState.auditLogUnder(state)))
                .anySatisfy(r -> assertThat(r.json()).contains("\"step\":\"approved\"", "release 1.2"));
    }

    @Test
    void deniedCommandNeverRunsAndTheAgentIsToldWhy() {
        String id = gate.check(push).requestId().orElseThrow();

        Run deny = scc("deny", id, "--reason", "not during the freeze", "--state-dir", state.toString());

        assertThat(deny.code).as(deny.err).isZero();
        Outcome o = gate.check(push);
        assertThat(o.approved()).isFalse();
        assertThat(o.message()).contains("DENIED", "not during the freeze");
        assertThat(scc("approve", id, "--state-dir", state.toString()).code).isEqualTo(6);
        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void approvalNotUsedInTimeNeverRuns() {
        String id = gate.check(push).requestId().orElseThrow();
        assertThat(scc("approve", id, "--valid-for", "1m", "--state-dir", state.toString()).code).isZero();

        sandboxClock.advance(Duration.ofMinutes(2));

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void requestNotAnsweredInTimeExpiresAndCannotBeApproved() {
        // Filed half an hour ago with a 15-minute TTL.
        sandboxClock.advance(Duration.ofMinutes(-30));
        String id = gate.check(push).requestId().orElseThrow();
        sandboxClock.advance(Duration.ofMinutes(30));

        Run approve = scc("approve", id, "--state-dir", state.toString());

        assertThat(approve.code).isEqualTo(6);
        assertThat(approve.err).contains("expired");
        assertThat(gate.check(push).requestId()).isPresent().isNotEqualTo(java.util.Optional.of(id));
    }

    @Test
    void answerSignedWithAnotherKeyIsRejected() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        byte[] wrong = new byte[32];
        Arrays.fill(wrong, (byte) 1);
        forgeAnswer(id, wrong, ApprovalWire.binding("s1", "/work", push.argv()));

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void approvalOfOneArgvDoesNotRunAnEditedArgv() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        assertThat(scc("approve", id, "--state-dir", state.toString()).code).isZero();
        Path answer = approvals.resolve("answers").resolve(id + ".json");
        String original = Files.readString(answer);

        // The agent changes its command, or edits the signed answer's binding to match another command.
        ApprovalGate.Request forced = new ApprovalGate.Request(List.of("git", "push", "--force", "origin", "main"),
                "/work", push.rule(), push.reason(), "s1");
        assertThat(gate.check(forced).approved()).isFalse();
        Files.writeString(answer, original.replace(ApprovalWire.binding("s1", "/work", push.argv()),
                ApprovalWire.binding("s1", "/work", forced.argv())));
        assertThat(gate.check(forced).approved()).isFalse();

        Files.writeString(answer, original);
        assertThat(gate.check(push).approved()).isTrue();
    }

    @Test
    void replayedAnswerIsRefused() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        assertThat(scc("approve", id, "--state-dir", state.toString()).code).isZero();
        String used = Files.readString(approvals.resolve("answers").resolve(id + ".json"));
        assertThat(gate.check(push).approved()).isTrue();

        String next = gate.check(push).requestId().orElseThrow();
        Files.writeString(approvals.resolve("answers").resolve(next + ".json"), used);
        Files.writeString(approvals.resolve("answers").resolve(id + ".json"), used);

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void unknownRequestIsNotFound() {
        Run r = scc("approve", "zzzzzzzz", "--state-dir", state.toString());

        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("scc approvals");
    }

    private void forgeAnswer(String id, byte[] key, String binding) throws IOException {
        Instant now = Instant.now();
        AnswerFile a = AnswerFile.create(key, id, "s1", binding, "approve", "mallory", "", now,
                now.plus(Duration.ofMinutes(5)));
        Files.writeString(approvals.resolve("answers").resolve(id + ".json"), a.toJson());
    }

    record Run(int code, String out, String err) {}

    static Run scc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), new ArrayList<>(List.of(args))
                .toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** The sandbox's clock: real time plus an offset tests move forward. */
    static final class OffsetClock extends Clock {
        private Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
