package dev.scc.broker.bench;

import dev.scc.broker.meter.UsageScanner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The broker's per-byte cost of reading usage out of a passing stream: {@link UsageScanner} fed a stream in 16 KiB reads
 * (what the copy loop hands it), in CPU time of this thread (not wall time, so other load on the machine does not
 * count). Two streams: the throughput benchmark's SSE comment lines ({@code bulk}, 8 KiB lines) and a model's text
 * deltas ({@code deltas}: Anthropic {@code content_block_delta} data lines of ~120 bytes, the usage in the last event).
 * Run it against another build's scanner by putting that build's classes first on the class path
 * ({@code BASELINE_CLASSES=DIR bench/broker/run.sh scanner}). Arguments: {@code MB ROUNDS}.
 */
public final class UsageScannerBench {
    private UsageScannerBench() {}

    public static void main(String[] args) {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        byte[] bulk = repeat((": " + "x".repeat(8189) + "\n\n").getBytes(StandardCharsets.US_ASCII), 1 << 20);
        byte[] deltas = repeat(("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Here is a sentence of the answer.\"}}\n\n")
                .getBytes(StandardCharsets.US_ASCII), 1 << 20);
        byte[] end = ("event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":42}}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String name : List.of("bulk", "deltas")) {
            byte[] block = name.equals("bulk") ? bulk : deltas;
            List<Long> ns = new ArrayList<>();
            for (int r = 0; r < rounds + 2; r++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                UsageScanner s = new UsageScanner("text/event-stream");
                for (int m = 0; m < mb; m++) {
                    for (int off = 0; off < block.length; off += 16384) {
                        s.accept(block, off, Math.min(16384, block.length - off));
                    }
                }
                s.accept(end, 0, end.length);
                if (s.finish().isEmpty()) {
                    throw new IllegalStateException("no usage read");
                }
                if (r >= 2) {
                    ns.add(cpu.getCurrentThreadCpuTime() - t0);
                }
            }
            Collections.sort(ns);
            double median = ns.get(ns.size() / 2) / 1e9;
            System.out.printf("scanner %s: %d MB in %.3f s CPU (median of %d): %.0f MB/s, %.2f ns/byte%n", name, mb,
                    median, rounds, mb / median, median * 1e9 / (mb * 1048576.0));
        }
    }

    /** {@code unit} repeated (cut at the end) to exactly {@code size} bytes. */
    static byte[] repeat(byte[] unit, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }
}
