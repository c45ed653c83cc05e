package dev.scc.policy.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any interleaving of reviewers answering the same pending requests from their own stores (as parallel {@code scc
 * approve} / {@code scc deny} commands do): each request ends with exactly one answer, written by exactly one winner;
 * no answer is lost and none is written twice.
 */
class ParallelApprovalAnswersPropertyTest {
    @Property(tries = 8)
    void everyRequestGetsExactlyOneAnswerWhateverTheInterleaving(@ForAll @IntRange(min = 1, max = 4) int requests,
            @ForAll @Size(min = 2, max = 8) List<Boolean> approves) throws Exception {
        Path dir = Files.createTempDirectory("scc-approvals-");
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);
        ApprovalStore.initialize(dir, clock);
        byte[] key = HexFormat.of().parseHex(Files.readString(dir.resolve("key")).strip());
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            String id = Character.toString('a' + r).repeat(16);
            RequestFile file = RequestFile.create(key, id, "s1", List.of("git", "push", "origin", "main" + r), "/work",
                    "git.push.protected", "protected", clock.instant(), clock.instant().plus(Duration.ofMinutes(10)));
            Files.writeString(dir.resolve("requests").resolve(id + ".json"), file.toJson());
            ids.add(id);
        }
        ExecutorService pool = Executors.newFixedThreadPool(approves.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> won = new ArrayList<>();
        for (int i = 0; i < approves.size(); i++) {
            boolean approve = approves.get(i);
            String reviewer = "r" + i;
            // each reviewer answers every request, starting at a different one
            int first = i % requests;
            won.add(pool.submit(() -> {
                start.await();
                int wins = 0;
                for (int k = 0; k < requests; k++) {
                    String id = ids.get((first + k) % requests);
                    ApprovalStore s = ApprovalStore.open(dir, clock);
                    try {
                        if (approve) {
                            s.approve(id, reviewer, "", Duration.ofMinutes(5));
                        } else {
                            s.deny(id, reviewer, "");
                        }
                        wins++;
                    } catch (ApprovalException lost) {
                        // another reviewer answered first
                    }
                }
                return wins;
            }));
        }
        start.countDown();
        int wins = 0;
        for (Future<Integer> f : won) {
            wins += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(wins).as("one winner per request").isEqualTo(requests);
        try (var files = Files.list(dir.resolve("answers"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).map(f -> f.getFileName().toString()))
                    .as("one answer file per request")
                    .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + ".json").toList());
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
