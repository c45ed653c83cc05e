package dev.scc.policy.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The fast YAML path builds exactly the tree the full loader builds, for every document it covers. */
class YamlTreeBuilderTest {
    private final DocumentReader reader = new DocumentReader();

    @Test
    void everyYamlFixtureReadsTheSameBothWays() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            JsonNode full;
            try {
                full = DocumentReader.parseYamlFully(f.toString(), text);
            } catch (RuntimeException invalid) {
                continue;
            }
            assertThat(reader.parse(f.toString(), text.getBytes(StandardCharsets.UTF_8), DocumentReader.Format.YAML))
                    .as(f.toString()).isEqualTo(full);
        }
    }

    @Provide
    Arbitrary<String> scalars() {
        return Arbitraries.of("0x10", "0o17", "017", "1.0", "1e3", ".inf", "-.Inf", ".nan", "true", "True", "FALSE", "no",
                "on", "~", "null", "", "'quoted'", "\"dq\"", "plain words", "12345678901234567890", "-0", "+1", "1_000",
                "|\n    literal\n", ">\n    folded\n", "\"\\u00e9\"", "2026-01-01", "@x", "a: b");
    }

    @Property(tries = 300)
    void scalarsKeysAnchorsAndAliasesReadTheSameBothWays(@ForAll("scalars") String a, @ForAll("scalars") String b,
            @ForAll("scalars") String k) {
        String key = k.startsWith("|") || k.startsWith(">") || k.contains(": ") || k.isEmpty() ? "k" : k;
        String doc = "x: &x " + (a.startsWith("|") || a.startsWith(">") ? a : a + "\n")
                + "list: &l [" + (b.startsWith("|") || b.startsWith(">") || b.contains(": ") ? "b" : b) + ", 2]\n"
                + key + ": *x\n"
                + "again: *l\n"
                + "nested: {m: [1, {n: *x}]}\n";
        JsonNode full;
        try {
            full = DocumentReader.parseYamlFully("t.yaml", doc);
        } catch (RuntimeException invalid) {
            return;
        }
        assertThat(reader.parse("t.yaml", doc.getBytes(StandardCharsets.UTF_8))).as(doc).isEqualTo(full);
    }
}
