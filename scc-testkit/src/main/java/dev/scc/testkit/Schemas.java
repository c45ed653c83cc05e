package dev.scc.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The upstream native-file schemas (see {@code schemas/README.md}) and a draft-07 validator over them. */
public final class Schemas {
    public static final String CLAUDE_SETTINGS = "claude-code-settings.schema.json";
    public static final String CLAUDE_PLUGIN = "claude-code-plugin-manifest.schema.json";
    public static final String CLAUDE_MARKETPLACE = "claude-code-marketplace.schema.json";
    public static final String CODEX_HOOKS = "codex-hooks.schema.json";
    public static final String CODEX_PLUGIN = "codex-plugin-manifest.schema.json";
    public static final String CODEX_CONFIG = "config.schema.json";
    public static final String CODEX_SKILL_METADATA = "codex-skill-metadata.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Schemas() {}

    /** The schema document. */
    public static JsonNode schema(String name) {
        try (InputStream in = Schemas.class.getResourceAsStream("schemas/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validation errors of {@code doc} against the named schema, sorted; empty when valid. */
    public static List<String> errors(String name, JsonNode doc) {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema(name));
        Set<ValidationMessage> msgs = schema.validate(doc);
        Set<String> out = new TreeSet<>();
        msgs.forEach(m -> out.add(m.getMessage()));
        return List.copyOf(out);
    }

    public static List<String> errors(String name, String json) {
        try {
            return errors(name, MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The property names the schema declares at its root. */
    public static Set<String> rootProperties(String name) {
        Set<String> out = new TreeSet<>();
        schema(name).path("properties").fieldNames().forEachRemaining(out::add);
        return out;
    }
}
