package dev.scc.policy.schema;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parse time against document size up to the 4 MiB cap (docs/benchmarks.md, issue 17): for each document shape
 * (a single-line flow sequence, a single-line plain scalar, a block mapping, a JSON array) documents of 256 KiB,
 * 1 MiB and 4 MiB are parsed in interleaved rounds, and the time per byte of the larger ones is divided by that of
 * the 256 KiB one in the same run. Linear means a ratio near 1; the goal is at most 2. Not a test; run by hand:
 * {@code java -cp <test classpath> dev.scc.policy.schema.ParseScalingBench [rounds]}.
 */
public final class ParseScalingBench {
    private ParseScalingBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int[] sizes = {256 * 1024, 1024 * 1024, DocumentReader.MAX_BYTES - 64};
        DocumentReader reader = new DocumentReader();
        Map<String, byte[][]> docs = new LinkedHashMap<>();
        for (String shape : List.of("yaml-flow-one-line", "yaml-plain-one-line", "yaml-block", "json-array")) {
            byte[][] bySize = new byte[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                bySize[i] = document(shape, sizes[i]).getBytes(StandardCharsets.UTF_8);
            }
            docs.put(shape, bySize);
        }
        for (Map.Entry<String, byte[][]> d : docs.entrySet()) {
            // Warm-up: three parses of each size, so the JIT has compiled the parser before anything is timed.
            for (int w = 0; w < 3; w++) {
                for (byte[] b : d.getValue()) {
                    parse(reader, d.getKey(), b);
                }
            }
        }
        for (Map.Entry<String, byte[][]> d : docs.entrySet()) {
            long[][] nanos = new long[sizes.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < sizes.length; i++) {
                    // Collect the previous parse's garbage first, so no size pays for another's.
                    System.gc();
                    long t0 = System.nanoTime();
                    parse(reader, d.getKey(), d.getValue()[i]);
                    nanos[i][r] = System.nanoTime() - t0;
                }
            }
            double base = median(nanos[0]) / d.getValue()[0].length;
            StringBuilder sb = new StringBuilder(String.format("%-20s", d.getKey()));
            for (int i = 0; i < sizes.length; i++) {
                double perByte = median(nanos[i]) / d.getValue()[i].length;
                sb.append(String.format(" | %5d KiB %8.1f ms %6.1f ns/B (%.2fx)", d.getValue()[i].length / 1024,
                        median(nanos[i]) / 1e6, perByte, perByte / base));
            }
            System.out.println(sb);
        }
    }

    private static void parse(DocumentReader reader, String shape, byte[] bytes) {
        reader.parse(shape.startsWith("json") ? "doc.json" : "doc.yaml", bytes);
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    static String document(String shape, int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        switch (shape) {
            case "yaml-flow-one-line" -> {
                sb.append("items: [");
                while (sb.length() < size - 16) {
                    sb.append("plugin-x@corp, ");
                }
                sb.append("last]\n");
            }
            case "yaml-plain-one-line" -> {
                sb.append("description: ");
                while (sb.length() < size - 16) {
                    sb.append("words and more ");
                }
                sb.append("end\n");
            }
            case "yaml-block" -> {
                int i = 0;
                while (sb.length() < size - 40) {
                    sb.append("key").append(i++).append(": value-").append(i).append('\n');
                }
            }
            default -> {
                sb.append("[");
                while (sb.length() < size - 16) {
                    sb.append("\"plugin@corp\",");
                }
                sb.append("\"last\"]");
            }
        }
        return sb.toString();
    }
}
