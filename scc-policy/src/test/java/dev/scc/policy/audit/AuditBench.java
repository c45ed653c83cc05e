package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A side-by-side benchmark (not a test; run by hand, see docs/audit.md): AuditLog.append against
 * two baselines writing the same bytes, (a) a plain O_APPEND write and (b) an O_APPEND write plus
 * fsync, which is the floor any crash-safe log pays; and AuditVerifier.verify against (c) reading
 * and JSON-parsing the same file. Prints ops/s and ratios. Usage: AuditBench [records] [rounds].
 */
public final class AuditBench {
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("scc-audit-bench");
        AuditEvent ev = new AuditEvent.SafetyVerdict("s1", "claude", List.of("git", "push", "--force", "origin", "main"),
                "/workspace", "block", "git.force_push", "force push rewrites history", Optional.of("fp"));
        int batch = 50;
        for (int r = 0; r < rounds; r++) {
            Path a = dir.resolve("a" + r + ".jsonl");
            Path b = dir.resolve("b" + r + ".jsonl");
            Path c = dir.resolve("c" + r + ".jsonl");
            AuditLog log = new AuditLog(c, Clock.systemUTC(), new Redactor());
            byte[] bytes = (log.append(ev).json() + "\n").getBytes(StandardCharsets.UTF_8);
            long ta = 0;
            long tb = 0;
            long tc = 0;
            // Interleaved batches, so machine noise (2 shared cores) hits all three alike.
            for (int done = 0; done < n; done += batch) {
                long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    append(a, bytes, false);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    append(b, bytes, true);
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    log.append(ev);
                }
                long t3 = System.nanoTime();
                ta += t1 - t0;
                tb += t2 - t1;
                tc += t3 - t2;
            }
            int total = (n / batch) * batch + (n % batch == 0 ? 0 : batch);
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            long v = 0;
            long p = 0;
            long parsed = 0;
            for (int k = 0; k < 3; k++) {
                long v0 = System.nanoTime();
                VerifyReport rep = new AuditVerifier().verify(c);
                long v1 = System.nanoTime();
                for (String line : Files.readAllLines(c)) {
                    parsed += m.readTree(line).size();
                }
                long v2 = System.nanoTime();
                if (!rep.ok() || parsed == 0) {
                    throw new IllegalStateException("bench log did not verify");
                }
                v += v1 - v0;
                p += v2 - v1;
            }
            int recs = total + 1;
            System.out.printf("round %d: plain append %.0f/s | append+fsync %.0f/s | AuditLog.append %.0f/s"
                    + " (%.2fx the time of append+fsync) | verify %.0f rec/s vs read+parse %.0f rec/s (%.2fx)%n", r,
                    total / secs(ta), total / secs(tb), total / secs(tc), (double) tc / tb,
                    3 * recs / secs(v), 3 * recs / secs(p), (double) v / p);
        }
    }

    private static void append(Path p, byte[] bytes, boolean fsync) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(bytes));
            if (fsync) {
                ch.force(false);
            }
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }
}
