package dev.scc.bench;

import dev.scc.checkpoint.CheckpointStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What watching a directory costs a writer in it (bench/checkpoint/watch-cost.sh; docs/benchmarks.md). The writer of
 * {@link CheckpointBench} (64 KiB writes replacing 100 files in turn) moves between three directories in slices of
 * SLICE_MS, order rotating, for SECONDS per round, so that the machine's drift (page cache, writeback, neighbours)
 * falls on all three alike: a directory nobody watches; one with a JDK watch held for the whole round and never
 * drained (the checkpoint tracker before it suspended busy directories: every write cost a kernel event); and one in a
 * workspace tracked as shipped ({@link CheckpointStore#track}, a settling checkpoint every second). Prints MB/s per
 * directory and the ratios to the unwatched one. Arguments: ROUNDS SECONDS SLICE_MS.
 */
public final class WatchCostBench {
    private WatchCostBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        long slice = TimeUnit.MILLISECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 100);
        Path base = Files.createTempDirectory("scc-watch-bench");
        System.out.printf("writer: 64 KiB files, 100 names in turn; %d s per round in %d ms slices; %d rounds%n",
                seconds, TimeUnit.NANOSECONDS.toMillis(slice), rounds);
        System.out.println("round  unwatched(MB/s)  watched(MB/s)  watched/un  tracked(MB/s)  tracked/un  checkpoints");
        List<double[]> rows = new ArrayList<>();
        byte[] chunk = CheckpointBench.chunk();
        try {
            for (int r = 0; r < rounds; r++) {
                Path round = base.resolve("round-" + r);
                Path[] dirs = {Files.createDirectories(round.resolve("plain/out")),
                        Files.createDirectories(round.resolve("watched/out")),
                        Files.createDirectories(round.resolve("ws/out"))};
                Path ws = dirs[2].getParent();
                CheckpointStore store = CheckpointStore.open(round.resolve("store"), Set.of(), Clock.systemUTC());
                ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
                int[] checkpoints = {0};
                long[][] done = new long[3][2];
                try (WatchService w = FileSystems.getDefault().newWatchService(); AutoCloseable tracking = store.track(ws)) {
                    dirs[1].register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                    store.create(ws, "launch");
                    ex.scheduleWithFixedDelay(() -> {
                        store.create(ws, "periodic", Duration.ofMillis(CheckpointBench.SETTLE_MS));
                        checkpoints[0]++;
                    }, 1000, 1000, TimeUnit.MILLISECONDS);
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                    for (int s = 0; System.nanoTime() < end; s++) {
                        for (int k = 0; k < 3; k++) {
                            int mode = (s + k) % 3;
                            long[] d = CheckpointBench.rewrite(dirs[mode], slice, chunk, done[mode][0]);
                            done[mode][0] += d[0];
                            done[mode][1] += d[1];
                        }
                    }
                } finally {
                    ex.shutdown();
                    ex.awaitTermination(1, TimeUnit.MINUTES);
                }
                double[] mbps = new double[3];
                for (int m = 0; m < 3; m++) {
                    mbps[m] = CheckpointBench.mbps(done[m][0], done[m][1]);
                }
                double[] row = {mbps[0], mbps[1], mbps[1] / mbps[0], mbps[2], mbps[2] / mbps[0], checkpoints[0]};
                rows.add(row);
                System.out.printf("%5d  %15.0f  %13.0f  %10.2f  %13.0f  %10.2f  %11.0f%n", r + 1, row[0], row[1], row[2],
                        row[3], row[4], row[5]);
                CheckpointBench.deleteTree(round);
            }
            double[] med = CheckpointBench.medians(rows);
            System.out.printf("median %15.0f  %13.0f  %10.2f  %13.0f  %10.2f  %11.0f%n", med[0], med[1], med[2], med[3],
                    med[4], med[5]);
        } finally {
            CheckpointBench.deleteTree(base);
        }
    }
}
