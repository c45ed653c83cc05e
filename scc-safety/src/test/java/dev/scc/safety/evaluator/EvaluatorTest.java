package dev.scc.safety.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.Verdict;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.AuditSink;
import dev.scc.safety.audit.FileAuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator: approvals through the gate, auditing, and the socket protocol's decoding. */
class EvaluatorTest {
    private static final SafetyEngine APPROVALS =
            new SafetyEngine(SafetyPolicyLoader.parse("{\"require_approval\":[\"git.push_protected_branch\"]}", "p"));

    @TempDir
    Path dir;

    @Test
    void approvedRequestRunsOnceAndTheVerdictSaysSo() {
        List<ApprovalGate.Request> seen = new ArrayList<>();
        ApprovalGate gate = r -> {
            seen.add(r);
            return new ApprovalGate.Outcome(true, Optional.of("req-7"), "approved");
        };
        Evaluator ev = new Evaluator(APPROVALS, gate, AuditSink.NONE, "sess-1");
        Verdict v = ev.decideArgv(List.of("git", "push", "origin", "main"), "/w", "wrapper");
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.reason()).startsWith("Approved by a human (request req-7)");
        assertThat(v.approvalRequestId()).contains("req-7");
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.argv()).containsExactly("git", "push", "origin", "main");
            assertThat(r.cwd()).isEqualTo("/w");
            assertThat(r.rule()).isEqualTo("git.push_protected_branch");
            assertThat(r.sessionId()).isEqualTo("sess-1");
        });
    }

    @Test
    void pendingRequestBlocksAndTellsTheHumanHowToApprove() {
        ApprovalGate gate = r -> new ApprovalGate.Outcome(false, Optional.of("req-9"), "filed");
        Verdict v = new Evaluator(APPROVALS, gate, AuditSink.NONE, "s").decideLine("git push origin main", "/w", "hook:claude");
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.reason()).contains("req-9").contains("scc approve req-9").contains("on the host");
        assertThat(v.rule()).contains("git.push_protected_branch");
    }

    @Test
    void noGateMeansBlockedWithTheGatesMessage() {
        Verdict v = new Evaluator(APPROVALS, ApprovalGate.NONE, AuditSink.NONE, "s").decideLine("git push origin main", "/w", "check");
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.reason()).contains("approvals are not configured");
    }

    @Test
    void failingGateFailsClosed() {
        ApprovalGate gate = r -> {
            throw new IllegalStateException("disk full");
        };
        Verdict v = new Evaluator(APPROVALS, gate, AuditSink.NONE, "s").decideLine("git push origin main", "/w", "check");
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.reason()).contains("approval channel failed");
    }

    @Test
    void gateIsNotAskedForPlainBlocksOrAllows() {
        ApprovalGate gate = r -> {
            throw new AssertionError("asked for " + r);
        };
        Evaluator ev = new Evaluator(APPROVALS, gate, AuditSink.NONE, "s");
        assertThat(ev.decideLine("git push -f origin main", "/w", "check").decision()).isEqualTo(Decision.BLOCK);
        assertThat(ev.decideLine("git status", "/w", "check").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void everyVerdictIsAuditedAsOneRedactedJsonLine() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        Evaluator ev = new Evaluator(new SafetyEngine(SafetyPolicyLoader.parse("{}", "p")), ApprovalGate.NONE, new FileAuditLog(log, clock), "s1");
        ev.decideArgv(List.of("curl", "https://user:secret@evil.example/"), "/w", "wrapper");
        ev.decideLine("git status", "/w", "hook:codex");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"ts\":\"2026-01-02T03:04:05Z\",\"source\":\"wrapper\",\"session\":\"s1\"")
                .contains("\"decision\":\"block\"", "\"rule\":\"network.curl\"").doesNotContain("secret");
        assertThat(lines.get(1)).contains("\"source\":\"hook:codex\"", "\"decision\":\"allow\"");
    }

    @Test
    void protocolExecRequestGetsCode126AndReasonOnBlock() throws IOException {
        EvaluatorServer s = serverFor(new SafetyEngine(SafetyPolicyLoader.parse("{}", "p")));
        try {
            String blocked = new String(s.handle(req("SCC1", "exec", "/w", "git", "push", "-f")), StandardCharsets.UTF_8);
            assertThat(blocked).startsWith("126\0\0BLOCKED: Force push");
            String allowed = new String(s.handle(req("SCC1", "exec", "/w", "git", "status")), StandardCharsets.UTF_8);
            assertThat(allowed).isEqualTo("0\0\0\0");
            assertThat(new String(s.handle(req("SCC2", "exec", "/w", "git")), StandardCharsets.UTF_8)).startsWith("126\0");
            assertThat(new String(s.handle(new byte[] {1, 2, 3}), StandardCharsets.UTF_8)).startsWith("126\0");
            String hook = new String(s.handle(req("SCC1", "hook", "/w", "codex", "{oops")), StandardCharsets.UTF_8);
            assertThat(hook).startsWith("2\0\0[Codex] SCC safety: invalid hook input");
        } finally {
            s.close();
        }
    }

    @Test
    void protocolAsksWrappersToResolveUnknownGitSubcommandsAsAliases() throws IOException {
        EvaluatorServer s = serverFor(new SafetyEngine(SafetyPolicyLoader.parse("{}", "p")));
        try {
            String ask = new String(s.handle(req("SCC1", "exec", "/w", "git", "-C", "/r", "nuke", "origin")), StandardCharsets.UTF_8);
            assertThat(ask).isEqualTo("100\0-C\n/r\nconfig\n--get\nalias.nuke\0\0");
            String known = new String(s.handle(req("SCC1", "exec", "/w", "git", "status")), StandardCharsets.UTF_8);
            assertThat(known).startsWith("0\0");
            String found = new String(s.handle(req("SCC1", "exec-alias", "/w", "0", "push --force\n", "git", "-C", "/r", "nuke")),
                    StandardCharsets.UTF_8);
            assertThat(found).startsWith("126\0\0BLOCKED: Force push");
            String none = new String(s.handle(req("SCC1", "exec-alias", "/w", "1", "", "git", "nuke")), StandardCharsets.UTF_8);
            assertThat(none).startsWith("0\0");
            String failed = new String(s.handle(req("SCC1", "exec-alias", "/w", "128", "", "git", "nuke")), StandardCharsets.UTF_8);
            assertThat(failed).startsWith("126\0").contains("could not resolve the alias");
        } finally {
            s.close();
        }
    }

    private EvaluatorServer serverFor(SafetyEngine engine) throws IOException {
        return EvaluatorServer.start(Evaluator.of(engine), dir.resolve("t.sock"));
    }

    private static byte[] req(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            sb.append(f).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
