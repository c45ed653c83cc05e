package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Throughput of reading and validating policy documents against plain Jackson parsing (the baseline),
 * run side by side: each round times the baseline and then the candidate, and the median of the
 * per-round ratios is reported, so background load on a shared machine affects both alike.
 * Not a test (no *Test suffix); run by hand: {@code java -cp <test classpath> dev.scc.policy.schema.ValidationBench}.
 */
public final class ValidationBench {
    private static final int ROUNDS = 9;
    private static final int OPS = 1000;

    private ValidationBench() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "src/test/resources/schema");
        byte[] json = Files.readAllBytes(base.resolve("reference/99-complete-reference.json"));
        byte[] yaml = Files.readAllBytes(base.resolve("valid/extensions.yaml"));
        long t0 = System.nanoTime();
        SchemaValidator validator = new SchemaValidator();
        DocumentReader reader = new DocumentReader();
        JsonNode parsed = reader.parse("99.json", json);
        validator.validate(DocumentKind.ORG, "99.json", parsed);
        long coldMs = (System.nanoTime() - t0) / 1_000_000;
        ObjectMapper mapper = new ObjectMapper();
        Supplier<Object> baseline = () -> {
            try {
                return mapper.readTree(json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        System.out.printf("%-44s %12s %12s %8s%n", "operation (99-complete-reference.json, 6.3 KB)", "baseline us", "this us", "ratio");
        compare("DocumentReader.parse (JSON)", baseline, () -> reader.parse("99.json", json));
        compare("DocumentReader.parse (YAML, extensions.yaml)", baseline, () -> reader.parse("x.yaml", yaml));
        compare("SchemaValidator.validate (org, parsed tree)", baseline, () -> validator.validate(DocumentKind.ORG, "99.json", parsed));
        compare("parse + validate", baseline, () -> validator.validate(DocumentKind.ORG, "99.json", reader.parse("99.json", json)));
        System.out.printf("first parse + validate in a fresh JVM (class loading, schema compile): %d ms%n", coldMs);
    }

    private static void compare(String name, Supplier<Object> baseline, Supplier<Object> op) {
        warm(baseline);
        warm(op);
        double[] b = new double[ROUNDS];
        double[] o = new double[ROUNDS];
        double[] r = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            b[i] = time(baseline);
            o[i] = time(op);
            r[i] = o[i] / b[i];
        }
        System.out.printf("%-44s %12.1f %12.1f %7.2fx%n", name, median(b), median(o), median(r));
    }

    private static void warm(Supplier<Object> op) {
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) {
            op.get();
        }
    }

    private static double time(Supplier<Object> op) {
        long start = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < OPS; i++) {
            sink += op.get() == null ? 0 : 1;
        }
        if (sink != OPS) {
            throw new IllegalStateException("null result");
        }
        return (System.nanoTime() - start) / 1000.0 / OPS;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
