package dev.scc.bench;

import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checkpoint costs, side by side with their baselines in one run (bench/checkpoint/run.sh; docs/benchmarks.md).
 * A workspace of FILES files and MB megabytes (half random bytes, half repetitive text: some compressible, some
 * not) in 100 directories; per round, in this order:
 * <ol>
 *   <li>{@code git add -A} into a fresh repository of the same tree (the baseline of a full checkpoint);</li>
 *   <li>a full first checkpoint into an empty store;</li>
 *   <li>10 files rewritten, then {@code find . -printf ''} (the floor: one walk of the tree, nothing read) and an
 *       incremental checkpoint into the same store, which has tracked the workspace since before the full one
 *       (same JVM, as the periodic checkpointer runs); then the watcher is stopped, 10 other files are rewritten
 *       and an incremental checkpoint walks the tree as an untracked store does (the previous way, side by
 *       side);</li>
 *   <li>write throughput, agent-like (an edit-compile loop rewrites the same files): 64 KiB writes that replace
 *       100 files in turn for WRITE_S seconds, three times (the order rotates between rounds): with nothing else
 *       running; while a checkpointer copies every changed file every PERIOD ms ({@code create(ws, reason)}); and
 *       while the shipped periodic checkpointer runs every PERIOD ms, which leaves files modified within the last
 *       {@value #SETTLE_MS} ms to a later run ({@code create(ws, reason, settle)}, at most
 *       {@link CheckpointStore#MAX_DEFERRALS} times in a row). Each run with a checkpointer must see at least three
 *       checkpoints during the writes, or the bench fails (raise WRITE_S).</li>
 * </ol>
 * Prints one line per round and the medians. Arguments: ROUNDS [FILES MB WRITE_S PERIOD_MS].
 */
public final class CheckpointBench {
    /** Thread CPU time: what a checkpoint costs whatever else the machine runs (wall time is inflated by load). */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The settle window of the shipped periodic checkpointer (scc-cli WorkspaceCheckpoints). */
    static final long SETTLE_MS = 2000;

    private CheckpointBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int mb = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int writeSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        long period = args.length > 4 ? Long.parseLong(args[4]) : 1000;
        if (writeSeconds * 1000L < 4 * period) {
            throw new IllegalArgumentException("WRITE_S " + writeSeconds + " s is too short for three checkpoints every "
                    + period + " ms during the writes: give at least " + (4 * period + 999) / 1000 + " s");
        }
        Path base = Files.createTempDirectory("scc-ckpt-bench");
        try {
            Path ws = base.resolve("ws");
            generate(ws, files, (long) mb << 20);
            System.out.printf("workspace: %d files, %d MB; write test %d s, checkpoint every %d ms (settle %d ms); %d rounds%n",
                    files, mb, writeSeconds, period, SETTLE_MS, rounds);
            System.out.println("round  git-add-A(ms)  full(ms)  full/git  incr(ms)  incr/full  walk-incr(ms)  incr-cpu(ms)"
                    + "  walk-cpu(ms)  find(ms)"
                    + "  write-off(MB/s)"
                    + "  copy-all(MB/s)  copy/off  during  settling(MB/s)  settling/off  during"
                    + "  copied-all(MB)  copied-settling(MB)");
            List<double[]> rows = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                deleteTree(ws.resolve(".git"));
                long g0 = System.nanoTime();
                run(ws, "git", "init", "-q");
                run(ws, "git", "add", "-A");
                double git = ms(g0);
                deleteTree(ws.resolve(".git"));
                Path storeDir = base.resolve("store-" + r);
                CheckpointStore store = CheckpointStore.open(storeDir, Set.of(), Clock.systemUTC());
                AutoCloseable watching = store.track(ws); // as the periodic checkpointer does
                long f0 = System.nanoTime();
                store.create(ws, "launch");
                double full = ms(f0);
                Thread.sleep(1100); // past the racy window, as a periodic checkpoint a minute later would be
                touchTen(ws, r);
                long w0 = System.nanoTime();
                run(ws, "find", ".", "-printf", "");
                double find = ms(w0);
                long i0 = System.nanoTime();
                long c0 = CPU.getCurrentThreadCpuTime();
                Checkpoint inc = store.create(ws, "periodic");
                double incr = ms(i0);
                double incrCpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
                if (inc.newBytes() == 0) {
                    throw new IllegalStateException("the incremental checkpoint missed the changed files");
                }
                // The same without the watcher: the walk that re-stats every file (the previous baseline).
                watching.close();
                touchTen(ws, r + 50);
                long k0 = System.nanoTime();
                long kc0 = CPU.getCurrentThreadCpuTime();
                Checkpoint walked = store.create(ws, "periodic");
                double walkIncr = ms(k0);
                double walkCpu = (CPU.getCurrentThreadCpuTime() - kc0) / 1e6;
                if (walked.newBytes() == 0) {
                    throw new IllegalStateException("the walking checkpoint missed the changed files");
                }
                watching = store.track(ws);
                double[] mbps = new double[3];
                int[][] during = {{0, 0}, {0, 0}, {0, 0}};
                for (int k = 0; k < 3; k++) {
                    int mode = (r + k) % 3; // 0 alone, 1 copying every change, 2 the shipped settling checkpointer
                    mbps[mode] = write(ws, writeSeconds, mode == 0 ? null : store, period,
                            mode == 2 ? java.time.Duration.ofMillis(SETTLE_MS) : java.time.Duration.ZERO, during[mode]);
                    if (mode != 0 && during[mode][0] < 3) {
                        throw new IllegalStateException("only " + during[mode][0] + " checkpoints ran during the "
                                + writeSeconds + " s of writes: raise WRITE_S");
                    }
                }
                watching.close();
                deleteTree(storeDir);
                double[] row = {git, full, full / git, incr, incr / full, mbps[0], mbps[1], mbps[1] / mbps[0], during[1][0],
                        find, walkIncr, incrCpu, walkCpu, mbps[2], mbps[2] / mbps[0], during[2][0], during[1][1], during[2][1]};
                rows.add(row);
                System.out.printf("%5d  %13.0f  %8.0f  %8.2f  %8.1f  %9.4f  %13.1f  %8.1f  %13.1f  %8.1f  %15.0f  %14.0f  %8.2f"
                        + "  %6.0f  %14.0f  %12.2f  %6.0f  %14.0f  %19.0f%n",
                        r + 1, row[0], row[1], row[2], row[3], row[4], row[10], row[11], row[12], row[9], row[5],
                        row[6], row[7], row[8], row[13], row[14], row[15], row[16], row[17]);
            }
            double[] med = medians(rows);
            System.out.printf("median %13.0f  %8.0f  %8.2f  %8.1f  %9.4f  %13.1f  %8.1f  %13.1f  %8.1f  %15.0f  %14.0f  %8.2f"
                    + "  %6.0f  %14.0f  %12.2f  %6.0f  %14.0f  %19.0f%n",
                    med[0], med[1], med[2], med[3], med[4], med[10], med[11], med[12], med[9], med[5], med[6], med[7],
                    med[8], med[13], med[14], med[15], med[16], med[17]);
        } finally {
            deleteTree(base);
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void generate(Path ws, int files, long bytes) throws IOException {
        Random rnd = new Random(42);
        long per = bytes / files;
        byte[] text = "public final class Generated { int field; String name = \"checkpoint\"; }\n"
                .repeat((int) (per / 60 + 2)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < files; i++) {
            Path d = Files.createDirectories(ws.resolve("dir" + (i % 100)));
            byte[] b = new byte[(int) per];
            if (i % 2 == 0) {
                rnd.nextBytes(b);
            } else {
                System.arraycopy(text, 0, b, 0, b.length);
                b[0] = (byte) i;
            }
            Files.write(d.resolve("file" + i + ".dat"), b);
        }
    }

    private static void touchTen(Path ws, int round) throws IOException {
        for (int i = 0; i < 10; i++) {
            Path f = ws.resolve("dir" + (i * 7 % 100)).resolve("file" + (i * 7) + ".dat");
            byte[] b = Files.readAllBytes(f);
            b[b.length / 2] ^= (byte) (round + 1);
            Files.write(f, b);
        }
    }

    /**
     * MB/s writing 64 KiB files, 100 names rewritten in turn, for {@code seconds}, with or without a checkpointer
     * (settling for {@code settle}); {@code during}: the checkpoints that ran while the writes did, and the MB they
     * copied into the store (the I/O they added to the writer's).
     */
    private static double write(Path ws, int seconds, CheckpointStore store, long periodMs, java.time.Duration settle,
            int[] during) throws Exception {
        Path dir = Files.createDirectories(ws.resolve("scratch-out"));
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        if (store != null) {
            ex.scheduleWithFixedDelay(() -> {
                Checkpoint c = store.create(ws, "periodic", settle);
                if (writing.get()) {
                    during[0]++;
                    during[1] += (int) (c.newBytes() >> 20);
                }
            }, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
        double mbps = rewrite(dir, seconds);
        writing.set(false);
        ex.shutdown();
        ex.awaitTermination(1, TimeUnit.MINUTES);
        deleteTree(dir);
        return mbps;
    }

    /** Each column's median (the upper one of an even count) over the rounds' rows. */
    static double[] medians(List<double[]> rows) {
        double[] med = new double[rows.get(0).length];
        for (int i = 0; i < med.length; i++) {
            int col = i;
            double[] v = rows.stream().mapToDouble(x -> x[col]).sorted().toArray();
            med[i] = v[v.length / 2];
        }
        return med;
    }

    /** MB/s of {@code writes} 64 KiB writes in {@code nanos}. */
    static double mbps(long writes, long nanos) {
        return writes / 16.0 / (nanos / 1e9);
    }

    /** MB/s of the agent-like writer: 64 KiB writes replacing 100 files of {@code dir} in turn for {@code seconds}. */
    static double rewrite(Path dir, int seconds) throws IOException {
        long[] done = rewrite(dir, TimeUnit.SECONDS.toNanos(seconds), chunk(), 0);
        return mbps(done[0], done[1]);
    }

    /** The 64 KiB the writer writes (random: nothing compresses it). */
    static byte[] chunk() {
        byte[] chunk = new byte[64 << 10];
        new Random(7).nextBytes(chunk);
        return chunk;
    }

    /** The writer for {@code nanos}, its file names continuing from write number {@code n0}: {writes, nanos taken}. */
    static long[] rewrite(Path dir, long nanos, byte[] chunk, long n0) throws IOException {
        long t0 = System.nanoTime();
        long end = t0 + nanos;
        long n = n0;
        long now;
        do {
            chunk[0] = (byte) n;
            try (OutputStream out = Files.newOutputStream(dir.resolve("w" + (n % 100)))) {
                out.write(chunk);
            }
            n++;
            now = System.nanoTime();
        } while (now < end);
        return new long[] {n - n0, now - t0};
    }

    private static void run(Path dir, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(Arrays.toString(argv) + " failed");
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var w = Files.walk(root)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }
}
