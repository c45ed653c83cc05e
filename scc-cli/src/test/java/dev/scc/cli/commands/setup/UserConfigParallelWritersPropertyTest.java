package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Any number of parallel writers of the user config (as parallel {@code scc setup}, {@code scc provider set} and
 * workspace pins do), each with its own store on the same file: every update is kept and the file stays valid.
 */
class UserConfigParallelWritersPropertyTest {
    @Property(tries = 6)
    void parallelUpdatesFromAnyNumberOfWritersAreAllKept(@ForAll @IntRange(min = 2, max = 10) int writers,
            @ForAll @IntRange(min = 1, max = 4) int each) throws Exception {
        Path dir = Files.createTempDirectory("scc-userconfig-");
        Path file = dir.resolve("scc/config.json");
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    String ws = "/work/w" + id + "-" + i;
                    new UserConfigStore(file, PolicyLoader.standard()).update(e -> e.pinWorkspace(ws, "team" + id));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        var pins = new UserConfigStore(file, PolicyLoader.standard()).read().workspaceTeams();
        assertThat(pins).as("no pin lost").hasSize(writers * each);
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < each; i++) {
                assertThat(pins).containsEntry("/work/w" + w + "-" + i, "team" + w);
            }
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
