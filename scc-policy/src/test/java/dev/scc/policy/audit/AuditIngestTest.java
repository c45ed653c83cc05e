package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.policy.approval.ApprovalStore;
import dev.scc.safety.approval.ApprovalWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditIngestTest {
    static final String DENIED = "1763780400.123 0 172.18.0.2 TCP_DENIED/403 3946 CONNECT evil.example:443 -"
            + " HIER_NONE/- text/html\n";
    static final String ALLOWED = "1763780401.000 80 172.18.0.2 TCP_TUNNEL/200 5120 CONNECT api.anthropic.com:443 -"
            + " HIER_DIRECT/1.2.3.4 -\n";

    @TempDir Path dir;
    AuditLog log;
    AuditIngest ingest;
    final AuditVerifier verifier = new AuditVerifier();

    @BeforeEach
    void setUp() {
        log = new AuditLog(dir.resolve("audit.jsonl"), new AuditFixtures.TickingClock(), new Redactor());
        ingest = new AuditIngest(log);
    }

    @Test
    void squidDenialsAreIngestedOnceEach() throws IOException {
        Path access = dir.resolve("access.log");
        Path cursor = dir.resolve("cursor");
        Files.writeString(access, DENIED + ALLOWED + DENIED.replace("evil", "worse"));

        assertThat(ingest.squidAccessLog(access, Optional.of("s1"), cursor)).isEqualTo(2);
        assertThat(ingest.squidAccessLog(access, Optional.of("s1"), cursor)).isZero();
        Files.writeString(access, DENIED.replace("evil", "third"), StandardOpenOption.APPEND);
        assertThat(ingest.squidAccessLog(access, Optional.of("s1"), cursor)).isEqualTo(1);

        assertThat(verifier.read(log.file())).extracting(r -> r.evidence().target())
                .containsExactly("evil.example:443", "worse.example:443", "third.example:443");
        assertThat(verifier.verify(log.file()).ok()).isTrue();
    }

    @Test
    void anIncompleteLastLineWaitsUntilItIsComplete() throws IOException {
        Path spool = dir.resolve("verdicts.jsonl");
        Path cursor = dir.resolve("cursor");
        String line = "{\"agent\":\"claude\",\"argv\":[\"git\",\"push\",\"--force\"],\"cwd\":\"/w\",\"decision\":\"block\","
                + "\"rule\":\"git.force_push\",\"reason\":\"rewrites history\",\"policy_version\":\"fp\"}";
        Files.writeString(spool, line + "\n" + line.substring(0, 20));

        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isEqualTo(1);
        Files.writeString(spool, line.substring(20) + "\n", StandardOpenOption.APPEND);
        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isEqualTo(1);

        List<AuditRecord> rs = verifier.read(log.file());
        assertThat(rs).hasSize(2).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo("safety.verdict");
            assertThat(r.evidence().action()).isEqualTo("git push --force");
            assertThat(r.evidence().policyVersion()).contains("fp");
        });
    }

    @Test
    void aTruncatedSourceIsReadAgainFromTheStart() throws IOException {
        Path access = dir.resolve("access.log");
        Path cursor = dir.resolve("cursor");
        Files.writeString(access, DENIED + DENIED);
        ingest.squidAccessLog(access, Optional.empty(), cursor);

        Files.writeString(access, DENIED.replace("evil", "after-rotation"));

        assertThat(ingest.squidAccessLog(access, Optional.empty(), cursor)).isEqualTo(1);
    }

    @Test
    void approvalRequestsAndUsesAreRecordedOnce() throws IOException {
        Path approvals = dir.resolve("sessions/s1/approvals");
        ApprovalStore store = ApprovalStore.initialize(approvals, Clock.systemUTC());
        byte[] key = HexFormat.of().parseHex(Files.readString(approvals.resolve("key")).strip());
        Instant now = Instant.now();
        var r = ApprovalWire.RequestFile.create(key, "aaaaaaaaaaaaaaaa", "s1", List.of("git", "push", "origin", "main"),
                "/w", "git.push.protected", "protected", now, now.plus(Duration.ofMinutes(10)));
        Files.writeString(approvals.resolve("requests/aaaaaaaaaaaaaaaa.json"), r.toJson());

        assertThat(ingest.session(dir.resolve("sessions/s1"))).isEqualTo(1);
        store.approve("aaaaaaaaaaaaaaaa", "alice", "ok", Duration.ofMinutes(5));
        Files.writeString(approvals.resolve("requests/aaaaaaaaaaaaaaaa.used"), "{}");
        assertThat(ingest.all(dir)).isEqualTo(1);
        assertThat(ingest.all(dir)).isZero();

        assertThat(verifier.read(log.file())).extracting(AuditRecord::json)
                .satisfiesExactly(a -> assertThat(a).contains("\"step\":\"requested\""),
                        u -> assertThat(u).contains("\"step\":\"used\"", "\"reviewer\":\"alice\""));
    }
}
