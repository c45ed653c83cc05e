package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import dev.scc.policy.audit.internal.AuditCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.constraints.IntRange;

/**
 * The tamper-evidence contract of the audit log: an untouched log verifies; any single-record edit,
 * deletion or reordering fails with the place named; a torn final line (crash mid-append) never
 * fails the records before it.
 */
class AuditVerifierPropertiesTest {
    private final AuditVerifier verifier = new AuditVerifier();
    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("scc-audit-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A log written by AuditLog itself (fsync per record: used where the writer is under test). */
    private Path generate(int n, int seed) {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"), new AuditFixtures.TickingClock(), new Redactor());
        for (int i = 0; i < n; i++) {
            log.append(AuditFixtures.event(seed + i));
        }
        return log.file();
    }

    /**
     * The same bytes AuditLog writes (same encoder, same head), without an fsync per record, so the
     * tamper properties can afford many tries. {@link #untouchedLogVerifies} pins the equivalence.
     */
    private Path fastGenerate(int n, int seed) {
        Path file = dir.resolve("audit.jsonl");
        AuditFixtures.TickingClock clock = new AuditFixtures.TickingClock();
        Redactor redactor = new Redactor();
        StringBuilder b = new StringBuilder();
        String prev = AuditCodec.GENESIS;
        for (int i = 0; i < n; i++) {
            String line = AuditCodec.encode(AuditFixtures.event(seed + i), i + 1, clock.instant(), prev, redactor);
            b.append(line).append('\n');
            prev = AuditCodec.claimedHash(line).orElseThrow();
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
            if (n > 0) {
                Files.writeString(AuditLog.headFile(file), AuditCodec.headJson(n, prev));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String readOrEmpty(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static List<String> lines(Path p) {
        try {
            return new ArrayList<>(Files.readAllLines(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, List<String> lines) {
        try {
            Files.writeString(p, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 40)
    void untouchedLogVerifies(@ForAll @IntRange(min = 0, max = 30) int n, @ForAll @IntRange(max = 1000) int seed)
            throws IOException {
        Path written = generate(n, seed);
        String byWriter = readOrEmpty(written);
        String byWriterHead = readOrEmpty(AuditLog.headFile(written));
        Path fast = fastGenerate(n, seed);
        assertThat(readOrEmpty(fast)).isEqualTo(byWriter);
        assertThat(readOrEmpty(AuditLog.headFile(fast))).isEqualTo(byWriterHead);

        VerifyReport r = verifier.verify(written);

        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.records()).isEqualTo(n);
        assertThat(r.warnings()).isEmpty();
    }

    @Property(tries = 100)
    void anySingleCharacterEditFailsAtThatLine(@ForAll @IntRange(min = 1, max = 25) int n,
            @ForAll @IntRange(max = 1000) int seed, @ForAll @IntRange(max = 10_000) int which,
            @ForAll @IntRange(max = 100_000) int where, @ForAll char replacement) {
        Path log = fastGenerate(n, seed);
        List<String> ls = lines(log);
        int k = which % n;
        String line = ls.get(k);
        int pos = where % line.length();
        Assume.that(line.charAt(pos) != replacement && replacement != '\n' && replacement != '\r'
                && !Character.isSurrogate(replacement));
        ls.set(k, line.substring(0, pos) + replacement + line.substring(pos + 1));
        write(log, ls);

        VerifyReport r = verifier.verify(log);

        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(VerifyReport.Problem::line).contains((long) k + 1);
    }

    @Property(tries = 60)
    void editingAFieldAndRecomputingItsHashStillFails(@ForAll @IntRange(min = 1, max = 25) int n,
            @ForAll @IntRange(max = 1000) int seed, @ForAll @IntRange(max = 10_000) int which) {
        Path log = fastGenerate(n, seed);
        List<String> ls = lines(log);
        int k = which % n;
        String edited = ls.get(k).replaceFirst("\"ts\":\"2026", "\"ts\":\"2025");
        String body = edited.substring(0, edited.lastIndexOf(",\"hash\":\""));
        String rehashed = body + ",\"hash\":\"" + AuditCodec.sha256(body + "}") + "\"}";
        ls.set(k, rehashed);
        write(log, ls);

        VerifyReport r = verifier.verify(log);

        assertThat(r.ok()).isFalse();
    }

    @Property(tries = 60)
    void deletingAnySingleRecordFails(@ForAll @IntRange(min = 1, max = 25) int n,
            @ForAll @IntRange(max = 1000) int seed, @ForAll @IntRange(max = 10_000) int which) {
        Path log = fastGenerate(n, seed);
        List<String> ls = lines(log);
        int k = which % n;
        ls.remove(k);
        write(log, ls);

        VerifyReport r = verifier.verify(log);

        assertThat(r.ok()).isFalse();
        if (k < n - 1) {
            // The record that now sits where the deleted one was is the first to complain, naming its seq.
            assertThat(r.problems().get(0).line()).isEqualTo(k + 1);
            assertThat(r.problems().get(0).seq()).contains((long) k + 2);
        } else {
            assertThat(r.problems().get(0).message()).contains("removed from the end");
        }
    }

    @Property(tries = 60)
    void reorderingAnyTwoRecordsFails(@ForAll @IntRange(min = 2, max = 25) int n,
            @ForAll @IntRange(max = 1000) int seed, @ForAll @IntRange(max = 10_000) int a,
            @ForAll @IntRange(max = 10_000) int b) {
        Path log = fastGenerate(n, seed);
        List<String> ls = lines(log);
        int i = a % n;
        int j = b % n;
        Assume.that(i != j);
        Collections.swap(ls, i, j);
        write(log, ls);

        VerifyReport r = verifier.verify(log);

        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(VerifyReport.Problem::line).contains((long) Math.min(i, j) + 1);
    }

    @Property(tries = 60)
    void tornFinalLineNeverFailsEarlierRecords(@ForAll @IntRange(min = 0, max = 20) int n,
            @ForAll @IntRange(max = 1000) int seed, @ForAll @IntRange(max = 100_000) int cut) throws IOException {
        Path log = generate(n + 1, seed);
        List<String> ls = lines(log);
        String last = ls.remove(n);
        // The crash: only a prefix of the last line reached the disk, and the head was not updated yet.
        write(log, ls);
        Files.writeString(log, last.substring(0, 1 + cut % last.length()), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        restoreHead(log, ls);

        VerifyReport r = verifier.verify(log);

        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.records()).isEqualTo(n);
        assertThat(r.tornLine()).contains((long) n + 1);

        new AuditLog(log, new AuditFixtures.TickingClock(), new Redactor()).append(AuditFixtures.event(seed));
        VerifyReport after = verifier.verify(log);
        assertThat(after.ok()).as(after.problems().toString()).isTrue();
        assertThat(after.records()).isEqualTo(n + 1);
        assertThat(after.tornLine()).isEmpty();
    }

    /** Writes the head the log writer would have left after the records in {@code ls}. */
    private static void restoreHead(Path log, List<String> ls) throws IOException {
        Path head = AuditLog.headFile(log);
        if (ls.isEmpty()) {
            Files.deleteIfExists(head);
            return;
        }
        String lastLine = ls.get(ls.size() - 1);
        long seq = AuditCodec.quickSeq(lastLine).orElseThrow();
        String hash = AuditCodec.claimedHash(lastLine).orElseThrow();
        Files.writeString(head, AuditCodec.headJson(seq, hash));
    }

    @Property(tries = 30)
    void crashBetweenAppendAndHeadUpdateStillVerifies(@ForAll @IntRange(min = 2, max = 20) int n,
            @ForAll @IntRange(max = 1000) int seed) throws IOException {
        Path log = fastGenerate(n, seed);
        List<String> ls = lines(log);
        restoreHead(log, ls.subList(0, n - 1));

        VerifyReport r = verifier.verify(log);

        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("head lags"));
    }
}
