package dev.scc.bench;

import java.util.Arrays;

/**
 * {@link RuleEvalBenchmark}'s cases timed call by call and interleaved (built-in pack, then the same line with 500
 * org rules, then with the trace, then a file/MCP action), so a loaded machine slows baseline and candidate alike;
 * prints p50, p90, p99 and p99.9 per action and the ratio to the built-in pack at each. Run by
 * {@code INTERLEAVED=1 bench/rules.sh [calls]} (default 400 000 calls per case, the first quarter is warm-up).
 */
public final class RuleEvalInterleaved {
    private RuleEvalInterleaved() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        RuleEvalBenchmark b = new RuleEvalBenchmark();
        b.setUp();
        int warm = calls / 4;
        long[][] t = new long[4][calls - warm];
        Object sink = null;
        for (int i = 0; i < calls; i++) {
            int line = i & 15;
            b.i = line;
            long s0 = System.nanoTime();
            sink = b.commandBuiltinPackOnly();
            long s1 = System.nanoTime();
            b.i = line;
            sink = b.commandBuiltinPlus500OrgRules();
            long s2 = System.nanoTime();
            b.i = line;
            sink = b.commandBuiltinPlus500OrgRulesWithTrace();
            long s3 = System.nanoTime();
            b.i = i % 5;
            sink = b.fileAndMcp500OrgRules();
            long s4 = System.nanoTime();
            if (i >= warm) {
                int k = i - warm;
                t[0][k] = s1 - s0;
                t[1][k] = s2 - s1;
                t[2][k] = s3 - s2;
                t[3][k] = s4 - s3;
            }
        }
        String[] names = {"command, built-in pack only", "command, built-in + 500 org rules", "command, + 500 org rules, with trace",
            "file/MCP action, 500 org rules"};
        double[] q = {0.50, 0.90, 0.99, 0.999};
        double[][] v = new double[4][q.length];
        for (int c = 0; c < 4; c++) {
            Arrays.sort(t[c]);
            for (int j = 0; j < q.length; j++) {
                v[c][j] = t[c][(int) Math.min(t[c].length - 1, Math.round(q[j] * (t[c].length - 1)))] / 1000.0;
            }
        }
        System.out.printf("%d calls per case after %d warm-up, interleaved; µs per action%n", calls - warm, warm);
        System.out.printf("| case | p50 | p90 | p99 | p99.9 | ratio to the built-in pack (p50 / p99) |%n| --- | --- | --- | --- | --- | --- |%n");
        for (int c = 0; c < 4; c++) {
            String ratio = c == 0 ? "1×" : c == 3 ? "—" : String.format("%.2f× / %.2f×", v[c][0] / v[0][0], v[c][2] / v[0][2]);
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %s |%n", names[c], v[c][0], v[c][1], v[c][2], v[c][3], ratio);
        }
        if (sink == null) {
            System.out.println();
        }
    }
}
