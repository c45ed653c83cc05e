package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.policy.PolicyDocumentException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.Assertions;

class DocumentReaderPropertyTest {
    private final DocumentReader reader = new DocumentReader();

    @Property(tries = 2000)
    void randomBytesGiveATreeOrADocumentError(@ForAll byte[] bytes, @ForAll("names") String name) {
        check(name, bytes);
    }

    @Property(tries = 2000)
    void randomSyntaxSoupGivesATreeOrADocumentError(@ForAll("soup") String text, @ForAll("names") String name) {
        check(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void randomUnicodeGivesATreeOrADocumentError(@ForAll String text, @ForAll("names") String name) {
        check(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private void check(String name, byte[] bytes) {
        try {
            JsonNode node = reader.parse(name, bytes);
            Assertions.assertThat(node).isNotNull();
        } catch (PolicyDocumentException expected) {
            Assertions.assertThat(expected.problems()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("org.json", "org.yaml", "org.yml", "org", "https://h/x?y=1");
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "'", "- ", "\n", "  ", "&a ", "*a", "!!binary ", "!tag ",
                        "? ", "|", ">", "#", "---", "...", "a", "1", "true", "null", "%YAML 1.2", "\t", "\\u00", "<<: *a", "@", "`",
                        "0x1F", "1e999", "-.inf", ".nan", "!!set", "~")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
