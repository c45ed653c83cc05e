package dev.scc.policy.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.policy.PolicyDocumentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReaderTest {
    private final DocumentReader reader = new DocumentReader();

    private JsonNode parse(String name, String text) {
        return reader.parse(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void yamlAndJsonGiveTheSameTree() {
        JsonNode yaml = parse("org.yaml", "schema_version: \"1.0.0\"\nprofiles:\n  a: {additional_plugins: [x, y]}\nn: 3\nf: 1.5\nb: true\nz: null\n");
        JsonNode json = parse("org.json", "{\"schema_version\":\"1.0.0\",\"profiles\":{\"a\":{\"additional_plugins\":[\"x\",\"y\"]}},\"n\":3,\"f\":1.5,\"b\":true,\"z\":null}");
        assertThat(yaml).isEqualTo(json);
    }

    @Test
    void yamlIsVersion12SoNoIsAStringAndOctalLooksLikeText() {
        JsonNode n = parse("x.yaml", "a: no\nb: on\nc: 0o17\nd: yes\n");
        assertThat(n.get("a").isTextual()).isTrue();
        assertThat(n.get("b").isTextual()).isTrue();
        assertThat(n.get("d").asText()).isEqualTo("yes");
        assertThat(n.get("c").asInt()).isEqualTo(15);
    }

    @Test
    void unquotedTimestampsStayStringsAsYaml12Says() {
        JsonNode n = parse("x.yaml", "expires_at: 2026-12-31T18:00:00Z\nversion: 1.0.0\n");
        assertThat(n.get("expires_at").isTextual()).isTrue();
        assertThat(n.get("expires_at").asText()).isEqualTo("2026-12-31T18:00:00Z");
        assertThat(n.get("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void formatIsDetectedByContentWhenExtensionSaysNothing() {
        assertThat(DocumentReader.detect("https://x/config", "  {\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(DocumentReader.Format.JSON);
        assertThat(DocumentReader.detect("https://x/config", "a: 1".getBytes(StandardCharsets.UTF_8))).isEqualTo(DocumentReader.Format.YAML);
        assertThat(DocumentReader.detect("org.YML", "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(DocumentReader.Format.YAML);
        assertThat(DocumentReader.detect("https://x/org.json?ref=main", "a: 1".getBytes(StandardCharsets.UTF_8))).isEqualTo(DocumentReader.Format.JSON);
    }

    @Test
    void jsonSyntaxErrorNamesFileLineColumnAndExpectation() {
        assertThatThrownBy(() -> parse("org.json", "{\n  \"a\": 1,\n  \"b\": ]\n}"))
                .isInstanceOfSatisfying(PolicyDocumentException.class, e -> {
                    assertThat(e.file()).isEqualTo("org.json");
                    assertThat(e.location()).isEqualTo("3:8");
                    assertThat(e.expected()).isEqualTo("valid JSON");
                    assertThat(e.getMessage()).startsWith("org.json:3:8: invalid JSON");
                });
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> parse("p.yaml", "a: 1\nb: [1, 2\nc: 3\n"))
                .isInstanceOfSatisfying(PolicyDocumentException.class, e -> {
                    assertThat(e.location()).matches("\\d+:\\d+");
                    assertThat(e.getMessage()).startsWith("p.yaml:").contains("invalid YAML");
                });
    }

    @Test
    void duplicateKeysAreRejectedInBothFormats() {
        assertThatThrownBy(() -> parse("a.json", "{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> parse("a.yaml", "a: 1\nb: 2\na: 3\n"))
                .isInstanceOfSatisfying(PolicyDocumentException.class, e -> {
                    assertThat(e.location()).startsWith("3:");
                    assertThat(e.getMessage()).contains("duplicate key a");
                });
    }

    @Test
    void recursiveAliasAndMultipleDocumentsAreErrors() {
        assertThatThrownBy(() -> parse("r.yaml", "a: &x [1, *x]\n")).isInstanceOf(PolicyDocumentException.class);
        assertThatThrownBy(() -> parse("m.yaml", "a: 1\n---\nb: 2\n")).isInstanceOf(PolicyDocumentException.class);
    }

    @Test
    void invalidUtf8AndTrailingJsonAreErrors() {
        assertThatThrownBy(() -> reader.parse("b.json", new byte[] {'{', (byte) 0xC3, '}'}))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> parse("t.json", "{} {}")).isInstanceOf(PolicyDocumentException.class);
    }

    @Test
    void emptyDocumentIsNull() {
        assertThat(parse("e.yaml", "").isNull()).isTrue();
        assertThat(parse("e.yaml", "# only a comment\n").isNull()).isTrue();
        assertThat(parse("e.json", "  ").isNull()).isTrue();
    }

    @Test
    void deepNestingIsAnErrorNotACrash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> parse("d.yaml", deep)).isInstanceOf(PolicyDocumentException.class);
        assertThatThrownBy(() -> parse("d.json", deep)).isInstanceOf(PolicyDocumentException.class);
    }

    @Test
    void missingFileIsADocumentError(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.read(dir.resolve("nope.json")))
                .isInstanceOfSatisfying(PolicyDocumentException.class, e -> assertThat(e.getMessage()).contains("file not found"));
    }

    @Test
    void bomIsIgnored() {
        assertThat(parse("x.json", "\uFEFF{\"a\": 1}").get("a").asInt()).isEqualTo(1);
    }
}
