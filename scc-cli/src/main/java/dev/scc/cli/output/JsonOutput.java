package dev.scc.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The JSON envelope every reporting command prints with {@code --json}:
 * {@code {apiVersion, kind, metadata:{generatedAt, cliVersion}, status:{ok, errors, warnings}, data}}.
 */
public final class JsonOutput {
    public static final String API_VERSION = "scc.cli/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {}

    /** Builds an envelope; {@code ok} is true exactly when there are no errors. */
    public static ObjectNode envelope(String kind, JsonNode data, List<String> errors, List<String> warnings, Clock clock) {
        return envelope(kind, errors.isEmpty(), data, errors, warnings, clock);
    }

    /** Builds an envelope with an explicit {@code ok} (a refusal may be reported without an error entry). */
    public static ObjectNode envelope(String kind, boolean ok, JsonNode data, List<String> errors, List<String> warnings,
            Clock clock) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("apiVersion", API_VERSION);
        root.put("kind", kind);
        ObjectNode meta = root.putObject("metadata");
        meta.put("generatedAt", Instant.now(clock).toString());
        meta.put("cliVersion", cliVersion());
        ObjectNode status = root.putObject("status");
        status.put("ok", ok);
        ArrayNode e = status.putArray("errors");
        errors.forEach(e::add);
        ArrayNode w = status.putArray("warnings");
        warnings.forEach(w::add);
        root.set("data", data == null ? f.nullNode() : data);
        return root;
    }

    /** Prints an envelope on {@code out}, pretty, with a final newline. */
    public static void print(PrintWriter out, ObjectNode envelope) {
        out.println(write(envelope));
        out.flush();
    }

    /** Serialises any tree the same deterministic way. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The CLI version from the jar manifest ({@code dev} when run from classes). */
    public static String cliVersion() {
        String v = JsonOutput.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
