package dev.scc.policy.audit;

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
        for (int r = 0; r < rounds; r++) {
            Path a = dir.resolve("a" + r + ".jsonl");
            Path b = dir.resolve("b" + r + ".jsonl");
            Path c = dir.resolve("c" + r + ".jsonl");
            AuditLog log = new AuditLog(c, Clock.systemUTC(), new Redactor());
            String sample = log.append(ev).json() + "\n";
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (FileChannel ch = FileChannel.open(a, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap(bytes));
                }
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (FileChannel ch = FileChannel.open(b, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap(bytes));
                    ch.force(false);
                }
            }
            long t2 = System.nanoTime();
            for (int i = 1; i < n; i++) {
                log.append(ev);
            }
            long t3 = System.nanoTime();
            long v0 = System.nanoTime();
            VerifyReport rep = new AuditVerifier().verify(c);
            long v1 = System.nanoTime();
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            long parsed = 0;
            for (String line : Files.readAllLines(c)) {
                parsed += m.readTree(line).size();
            }
            long v2 = System.nanoTime();
            if (!rep.ok() || parsed == 0) {
                throw new IllegalStateException("bench log did not verify");
            }
            System.out.printf("round %d: plain append %.0f/s | append+fsync %.0f/s | AuditLog.append %.0f/s"
                    + " (%.2fx the fsync floor) | verify %.0f rec/s vs read+parse %.0f rec/s (%.2fx)%n", r,
                    n / secs(t1 - t0), n / secs(t2 - t1), (n - 1) / secs(t3 - t2),
                    secs(t3 - t2) / (n - 1) / (secs(t2 - t1) / n), n / secs(v1 - v0), n / secs(v2 - v1),
                    secs(v1 - v0) / secs(v2 - v1));
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }
}
