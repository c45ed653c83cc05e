package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir Path dir;
    final AuditVerifier verifier = new AuditVerifier();

    AuditLog log() {
        return new AuditLog(dir.resolve("audit/audit.jsonl"), new AuditFixtures.TickingClock(), new Redactor());
    }

    @Test
    void recordsCarryTheEvidenceFieldsSeqAndChain() throws IOException {
        AuditLog log = log();
        AuditRecord first = log.append(AuditFixtures.event(1));
        AuditRecord second = log.append(AuditFixtures.event(2));

        List<String> lines = Files.readAllLines(log.file());
        JsonNode n = new ObjectMapper().readTree(lines.get(1));
        assertThat(lines).hasSize(2);
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prev()).isEqualTo("0".repeat(64));
        assertThat(second.prev()).isEqualTo(first.hash());
        assertThat(n.get("seq").asLong()).isEqualTo(2);
        assertThat(n.get("kind").asText()).isEqualTo("approval");
        assertThat(n.get("session_id").asText()).isEqualTo("s2");
        assertThat(n.get("reviewer").asText()).isEqualTo("alice");
        assertThat(n.get("decision").asText()).isEqualTo("approve");
        assertThat(n.get("action").asText()).isEqualTo("git push origin main");
        assertThat(n.get("details").get("request_id").asText()).isEqualTo("abcdefghijklmnop");
        assertThat(n.fieldNames()).toIterable().containsSubsequence("seq", "ts", "kind", "session_id", "agent",
                "action", "target", "decision", "policy_version", "reviewer", "outcome", "details", "prev", "hash");
        assertThat(verifier.verify(log.file()).ok()).isTrue();
    }

    @Test
    void secretsInCommandsAreRedactedBeforeWriting() throws IOException {
        AuditLog log = log();
        log.append(new AuditEvent.SafetyVerdict("s", "claude",
                List.of("curl", "-H", "Authorization: Bearer abcdef123456", "--password", "hunter2",
                        "https://bob:s3cret@example.com/?token=tok123"), "/w", "block", "net", "x", Optional.empty()));

        String text = Files.readString(log.file());
        assertThat(text).doesNotContain("abcdef123456", "hunter2", "s3cret", "tok123").contains("[REDACTED]");
        assertThat(verifier.verify(log.file()).ok()).isTrue();
    }

    @Test
    void appendAfterATornLineCutsTheFragmentAndContinuesTheChain() throws IOException {
        AuditLog log = log();
        log.append(AuditFixtures.event(0));
        Files.writeString(log.file(), "{\"seq\":2,\"ts\":\"20", StandardOpenOption.APPEND);

        AuditRecord next = log.append(AuditFixtures.event(1));

        assertThat(next.seq()).isEqualTo(2);
        assertThat(Files.readAllLines(log.file())).hasSize(2);
        VerifyReport r = verifier.verify(log.file());
        assertThat(r.ok()).isTrue();
        assertThat(r.tornLine()).isEmpty();
    }

    @Test
    void appendRefusesToChainOntoAnUnreadableLastRecord() throws IOException {
        AuditLog log = log();
        log.append(AuditFixtures.event(0));
        Files.writeString(log.file(), "garbage\n", StandardOpenOption.APPEND);
        long size = Files.size(log.file());

        assertThatThrownBy(() -> log.append(AuditFixtures.event(1))).isInstanceOf(AuditException.class)
                .hasMessageContaining("scc audit verify");
        assertThat(Files.size(log.file())).isEqualTo(size);
    }

    @Test
    void instancesSharingAFileContinueEachOthersChain() {
        Path file = dir.resolve("audit.jsonl");
        // Two writers (as two scc processes would be) interleave; each re-reads the tail under the lock.
        AuditLog a = new AuditLog(file, new AuditFixtures.TickingClock(), new Redactor());
        AuditLog b = new AuditLog(file, new AuditFixtures.TickingClock(), new Redactor());
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? a : b).append(AuditFixtures.event(i));
        }

        VerifyReport r = verifier.verify(file);
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.records()).isEqualTo(10);
        assertThat(r.lastSeq()).contains(10L);
    }

    @Test
    void concurrentInstancesInOneJvmKeepOneValidChain() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            AuditLog log = new AuditLog(file, new AuditFixtures.TickingClock(), new Redactor());
            int base = t * 100;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    log.append(AuditFixtures.event(base + i));
                }
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();

        VerifyReport r = verifier.verify(file);
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.records()).isEqualTo(60);
    }

    @Test
    void readReturnsRecordsInOrderWithTheirEvidence() {
        AuditLog log = log();
        for (int i = 0; i < 6; i++) {
            log.append(AuditFixtures.event(i));
        }

        List<AuditRecord> all = verifier.read(log.file());

        assertThat(all).extracting(AuditRecord::kind).containsExactly("launch", "safety.verdict", "approval",
                "proxy.denial", "config.decision", "exception.applied");
        assertThat(all.get(3).evidence().agent()).isEqualTo("proxy");
        assertThat(all.get(0).evidence().policyVersion()).contains("fp-0");
    }

    @Test
    void defaultLocationFollowsXdgStateHome() {
        assertThat(AuditLog.atDefaultLocation(Map.of("XDG_STATE_HOME", "/x/state"), new AuditFixtures.TickingClock())
                .file()).isEqualTo(Path.of("/x/state/scc/audit/audit.jsonl"));
        assertThat(SccState.auditLog(Map.of("HOME", "/home/u", "XDG_STATE_HOME", "relative")))
                .isEqualTo(Path.of("/home/u/.local/state/scc/audit/audit.jsonl"));
    }

    @Test
    void headFileRecordsTheLastSeqAndHash() throws IOException {
        AuditLog log = log();
        log.append(AuditFixtures.event(0));
        AuditRecord last = log.append(AuditFixtures.event(1));

        assertThat(Files.readString(AuditLog.headFile(log.file()), StandardCharsets.UTF_8))
                .isEqualTo("{\"seq\":2,\"hash\":\"" + last.hash() + "\"}\n");
    }
}
