package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append path never launders a broken chain, and ingest appends each item exactly once. */
class AuditChainIntegrityTest {
    @TempDir Path dir;
    final AuditVerifier verifier = new AuditVerifier();

    AuditLog log() {
        return new AuditLog(dir.resolve("audit/audit.jsonl"), new AuditFixtures.TickingClock(), new Redactor());
    }

    @Test
    void tailDeletionIsNotLaunderedByTheNextAppend() throws IOException {
        AuditLog log = log();
        for (int i = 0; i < 5; i++) {
            log.append(AuditFixtures.event(i));
        }
        List<String> lines = Files.readAllLines(log.file());
        Files.write(log.file(), lines.subList(0, 3), StandardCharsets.UTF_8);
        assertThat(verifier.verify(log.file()).ok()).isFalse();

        log.append(AuditFixtures.event(9));

        VerifyReport after = verifier.verify(log.file());
        assertThat(after.ok()).as("the cut stays visible after later appends").isFalse();
        assertThat(after.problems()).anySatisfy(p -> assertThat(p.message())
                .contains("chain break").contains("head said seq 5").contains("ended at seq 3"));
        List<AuditRecord> records = verifier.read(log.file());
        assertThat(records).extracting(AuditRecord::kind).containsSubsequence("chain.break", "proxy.denial");
        assertThat(records.get(records.size() - 1).seq()).isEqualTo(5);
    }

    @Test
    void aReplacedShorterLogIsFlaggedOnAppend() throws IOException {
        AuditLog log = log();
        for (int i = 0; i < 4; i++) {
            log.append(AuditFixtures.event(i));
        }
        Files.delete(log.file());
        log.append(AuditFixtures.event(1));
        assertThat(verifier.read(log.file())).extracting(AuditRecord::kind).startsWith("chain.break");
        assertThat(verifier.verify(log.file()).ok()).isFalse();
    }

    @Test
    void anIntactLogGetsNoBreakRecord() throws IOException {
        AuditLog log = log();
        for (int i = 0; i < 6; i++) {
            log.append(AuditFixtures.event(i));
        }
        assertThat(verifier.read(log.file())).extracting(AuditRecord::kind).doesNotContain("chain.break");
        assertThat(verifier.verify(log.file()).ok()).isTrue();
    }

    @Test
    void verifyRejectsACrlfLogLikeTheDocumentedVerifier() throws IOException {
        AuditLog log = log();
        log.append(AuditFixtures.event(1));
        log.append(AuditFixtures.event(2));
        String text = Files.readString(log.file()).replace("\n", "\r\n");
        Files.writeString(log.file(), text);
        VerifyReport r = verifier.verify(log.file());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("CRLF"));
    }

    @Test
    void aCrashBetweenAppendAndCursorMoveDoesNotReappendTheItem() throws IOException {
        AuditLog log = log();
        AuditIngest ingest = new AuditIngest(log);
        Path spool = dir.resolve("verdicts.jsonl");
        Path cursor = dir.resolve("spool.cursor");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(verdict(i)).append('\n');
        }
        Files.writeString(spool, sb.toString());
        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isEqualTo(5);
        // What a kill -9 right after the last append leaves: the cursor still names that item as pending.
        List<String> cursorLines = Files.readAllLines(cursor);
        long before = Files.size(spool) - (verdict(4).length() + 1);
        String key = pendingKeyOfLastRecord(log);
        Files.writeString(cursor, before + "\npending 4 " + key + " " + Files.size(spool) + "\n");

        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isZero();
        assertThat(verifier.read(log.file())).hasSize(5);
        assertThat(cursorLines).containsExactly(Long.toString(Files.size(spool)));
    }

    @Test
    void aCrashBeforeTheAppendAppendsTheItemOnce() throws IOException {
        AuditLog log = log();
        AuditIngest ingest = new AuditIngest(log);
        Path spool = dir.resolve("verdicts.jsonl");
        Path cursor = dir.resolve("spool.cursor");
        Files.writeString(spool, verdict(0) + "\n" + verdict(1) + "\n");
        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isEqualTo(2);
        long second = verdict(0).length() + 1;
        // Killed after naming item 2 as pending but before appending it: it is not in the log, so it comes again.
        Files.writeString(cursor, second + "\npending 2 inotthere " + Files.size(spool) + "\n");
        List<AuditRecord> before = verifier.read(log.file());
        assertThat(before).hasSize(2);
        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isEqualTo(1);
        assertThat(verifier.read(log.file())).hasSize(3);
        assertThat(ingest.verdictSpool(spool, "s1", cursor)).isZero();
    }

    @Test
    void tenParallelIngestsOfOneSpoolAppendEachItemOnce() throws Exception {
        AuditLog log = log();
        Path spool = dir.resolve("verdicts.jsonl");
        Path cursor = dir.resolve("spool.cursor");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(verdict(i)).append('\n');
        }
        Files.writeString(spool, sb.toString());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(pool.submit(() -> new AuditIngest(log).verdictSpool(spool, "s1", cursor)));
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(200);
        assertThat(verifier.read(log.file())).hasSize(200);
        assertThat(verifier.verify(log.file()).ok()).isTrue();
    }

    private static String pendingKeyOfLastRecord(AuditLog log) {
        List<AuditRecord> all = new AuditVerifier().read(log.file());
        String json = all.get(all.size() - 1).json();
        int at = json.indexOf("\"ingest_key\":\"") + "\"ingest_key\":\"".length();
        return json.substring(at, json.indexOf('"', at));
    }

    private static String verdict(int i) {
        return "{\"agent\":\"claude\",\"argv\":[\"git\",\"status\",\"" + i + "\"],\"cwd\":\"/w\",\"decision\":\"allow\","
                + "\"rule\":\"\",\"reason\":\"r\"}";
    }
}
