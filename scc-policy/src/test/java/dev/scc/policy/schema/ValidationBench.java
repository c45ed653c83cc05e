package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Throughput of reading and validating policy documents, against plain Jackson parsing as the
 * baseline. Not a test (no *Test suffix); run by hand, see docs in the report:
 * {@code java -cp <test cp> dev.scc.policy.schema.ValidationBench}.
 */
public final class ValidationBench {
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

        double baseline = measure("jackson readTree (baseline)", () -> {
            try {
                return mapper.readTree(json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double read = measure("DocumentReader JSON", () -> reader.parse("99.json", json));
        measure("DocumentReader YAML (extensions.yaml)", () -> reader.parse("x.yaml", yaml));
        double validate = measure("SchemaValidator.validate (parsed)", () -> validator.validate(DocumentKind.ORG, "99.json", parsed));
        double both = measure("read + validate", () -> validator.validate(DocumentKind.ORG, "99.json", reader.parse("99.json", json)));
        System.out.printf("first read + validate in a fresh JVM (class loading, schema compile): %d ms%n", coldMs);
        System.out.printf("ratios vs baseline: read %.2fx, validate %.2fx, read+validate %.2fx%n", read / baseline, validate / baseline, both / baseline);
    }

    private static double measure(String name, Supplier<Object> op) {
        Object sink = null;
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            sink = op.get();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            int n = 2000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink = op.get();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1000.0 / n);
        }
        System.out.printf("%-40s %8.1f us/op (best of 5 x 2000, sink %s)%n", name, best, sink == null ? "-" : "ok");
        return best;
    }
}
