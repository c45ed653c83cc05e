package dev.scc.policy.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.audit.AuditRecord;
import dev.scc.policy.audit.AuditVerifier;
import dev.scc.policy.audit.VerifyReport;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.LocalException;
import dev.scc.policy.exception.StoreKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real parallel writers, threads of this JVM and separate JVMs, on every local store that is read, changed and
 * written back: 0 lost updates, 0 duplicates, one valid audit chain.
 */
class ParallelStoresTest {
    @TempDir Path dir;

    private Path tryDir;

    @BeforeTry
    void freshDirectory() throws IOException {
        tryDir = Files.createTempDirectory("scc-parallel-");
    }

    @AfterTry
    void removeDirectory() throws IOException {
        try (var walk = Files.walk(tryDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 3)
    void parallelThreadsLoseNoUpdateInAnyStore(@ForAll @IntRange(min = 2, max = 10) int writers,
            @ForAll @IntRange(min = 1, max = 15) int each) throws Exception {
        for (String kind : List.of("audit", "exceptions", "counter")) {
            Path file = tryDir.resolve(kind + ".store");
            runThreads(kind, file, writers, each);
            assertComplete(kind, file, writers * each);
        }
    }

    @Test
    void tenParallelAuditWritersKeepOneChainWithoutDuplicateSeqs() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        runThreads("audit", log, 10, 50);
        assertComplete("audit", log, 500);
    }

    @Test
    void twentyParallelExceptionCreatesKeepTwentyEntries() throws Exception {
        Path store = dir.resolve("exceptions.json");
        runThreads("exceptions", store, 20, 1);
        assertComplete("exceptions", store, 20);
    }

    @Test
    void parallelExceptionDeletesAllStick() throws Exception {
        Path store = dir.resolve("exceptions.json");
        runThreads("exceptions", store, 4, 10);
        ExceptionStore s = new ExceptionStore(store, StoreKind.USER, Clock.systemUTC(), new SecureRandom());
        List<String> ids = s.load().entries().stream().map(LocalException::id).toList();
        assertThat(ids).hasSize(40);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> done = new ArrayList<>();
        for (String id : ids) {
            done.add(pool.submit(() -> new ExceptionStore(store, StoreKind.USER, Clock.systemUTC(), new SecureRandom())
                    .delete(id)));
        }
        for (Future<Boolean> f : done) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
        }
        pool.shutdown();
        assertThat(s.load().entries()).isEmpty();
    }

    @Test
    void separateProcessesLoseNoUpdateInAnyStore() throws Exception {
        for (String kind : List.of("audit", "exceptions", "counter")) {
            Path file = dir.resolve(kind + ".proc");
            List<Process> procs = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                procs.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                        StoreWriterMain.class.getName(), kind, file.toString(), "30", "p" + p)
                        .redirectErrorStream(true).redirectOutput(dir.resolve(kind + p + ".out").toFile()).start());
            }
            // And this process's threads at the same time.
            runThreads(kind, file, 2, 30);
            for (Process p : procs) {
                // A hang guard, not a timing assertion: three JVMs fsyncing on a loaded 2-core machine can take minutes.
                assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(dir.resolve(kind + procs.indexOf(p) + ".out"))).isZero();
            }
            assertComplete(kind, file, 3 * 30 + 2 * 30);
        }
    }

    @Property(tries = 4)
    void parallelCacheWritersAndReadersNeverSeeAHalfWrittenEntry(@ForAll @IntRange(min = 1, max = 4) int writers,
            @ForAll @IntRange(min = 5, max = 40) int rounds) throws Exception {
        var cache = new dev.scc.policy.source.internal.SourceCache(tryDir.resolve("cache"));
        String url = "https://example.invalid/org.yaml";
        ExecutorService pool = Executors.newFixedThreadPool(2 * writers);
        List<Future<?>> jobs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            jobs.add(pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    cache.write(url, ("body " + id + "-" + i).repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            java.time.Instant.now(), Optional.empty());
                }
                return null;
            }));
            jobs.add(pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    StringBuilder problem = new StringBuilder();
                    cache.read(url, problem);
                    assertThat(problem).as("a reader saw a damaged entry").isEmpty();
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(cache.read(url, new StringBuilder())).isPresent();
    }

    @Test
    void closingAnotherChannelOnTheStoreDoesNotReleaseItsLock() throws Exception {
        // POSIX drops every lock of a process when any descriptor of the file is closed; the lock lives in a
        // sibling file only FileLocks opens, so opening and closing the store itself cannot drop it.
        Path store = dir.resolve("counter.store");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                FileLocks.withLock(store, () -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holder.start();
        inside.await();
        Files.writeString(store, "0\n");
        try (FileChannel ch = FileChannel.open(store, StandardOpenOption.READ)) {
            ch.size();
        }
        Process other = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(), "counter", store.toString(), "1", "x").redirectErrorStream(true).start();
        // The other process must still be waiting: it cannot have written while this process holds the lock.
        assertThat(other.waitFor(3, TimeUnit.SECONDS)).isFalse();
        assertThat(Files.readString(store)).isEqualTo("0\n");
        release.countDown();
        holder.join();
        assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(store).strip()).isEqualTo("1");
    }

    static void runThreads(String kind, Path file, int writers, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String tag = "t" + w + "-" + Thread.currentThread().getId() + "-" + System.nanoTime();
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    StoreWriterMain.write(kind, file, tag + "-" + i);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    static void assertComplete(String kind, Path file, int expected) throws IOException {
        switch (kind) {
            case "audit" -> {
                VerifyReport report = new AuditVerifier().verify(file);
                assertThat(report.problems()).isEmpty();
                List<AuditRecord> records = new AuditVerifier().read(file);
                assertThat(records).hasSize(expected);
                Set<Long> seqs = records.stream().map(AuditRecord::seq).collect(Collectors.toSet());
                assertThat(seqs).hasSize(expected);
                Set<String> targets = new HashSet<>();
                records.forEach(r -> targets.add(r.evidence().target()));
                assertThat(targets).as("no record lost or duplicated").hasSize(expected);
            }
            case "exceptions" -> {
                var root = new ObjectMapper().readTree(file.toFile());
                assertThat(root.path("exceptions").size()).isEqualTo(expected);
                Set<String> ids = new HashSet<>();
                root.path("exceptions").forEach(e -> ids.add(e.path("id").asText()));
                assertThat(ids).hasSize(expected);
            }
            default -> assertThat(Files.readString(file).strip()).isEqualTo(Integer.toString(expected));
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
