package dev.scc.policy.audit;

import dev.scc.safety.audit.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Audit append throughput with 10 parallel writers against one writer, in the same run (docs/benchmarks.md, issue
 * 17; goal: at least 0.5x). Each round appends {@code n} records with one thread to one log, then {@code n} records
 * spread over 10 threads to another log (each thread its own AuditLog instance, as separate commands would have), and
 * prints records per second and the ratio; the parallel log is verified. Not a test; run by hand:
 * {@code java -cp <test classpath> dev.scc.policy.audit.ParallelAppendBench [records] [rounds]}.
 */
public final class ParallelAppendBench {
    private ParallelAppendBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int writers = 10;
        Path dir = Files.createTempDirectory("scc-parallel-append");
        AuditEvent ev = new AuditEvent.SafetyVerdict("s1", "claude", List.of("git", "push", "origin", "main"),
                "/workspace", "allow", "", "", Optional.of("fp"));
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            AuditLog single = new AuditLog(dir.resolve("single" + r + ".jsonl"), Clock.systemUTC(), new Redactor());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                single.append(ev);
            }
            long t1 = System.nanoTime();
            Path shared = dir.resolve("parallel" + r + ".jsonl");
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    AuditLog log = new AuditLog(shared, Clock.systemUTC(), new Redactor());
                    go.await();
                    for (int i = 0; i < n / writers; i++) {
                        log.append(ev);
                    }
                    return null;
                }));
            }
            long t2 = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            long t3 = System.nanoTime();
            pool.shutdown();
            VerifyReport rep = new AuditVerifier().verify(shared);
            if (!rep.ok() || rep.records() != (long) (n / writers) * writers) {
                throw new IllegalStateException("parallel log did not verify: " + rep.problems());
            }
            double one = n / ((t1 - t0) / 1e9);
            double ten = (n / writers) * writers / ((t3 - t2) / 1e9);
            ratios[r] = ten / one;
            System.out.printf("round %d: 1 writer %.0f rec/s | 10 writers %.0f rec/s | ratio %.2fx%n", r, one, ten,
                    ratios[r]);
        }
        java.util.Arrays.sort(ratios);
        System.out.printf("median ratio (10 writers / 1 writer): %.2fx%n", ratios[rounds / 2]);
    }
}
