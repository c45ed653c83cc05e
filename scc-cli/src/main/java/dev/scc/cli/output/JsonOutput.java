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
 * {@code {apiVersion, kind, metadata:{generatedAt, cliVersion}, status:{ok, errors, warnings}, data}}, on stdout for
 * success and failure alike ({@code ErrorReporter} prints it for a command that fails with {@code --json}). Keys of
 * {@code data} are snake_case, as the explain contract of {@code governance.md}; the envelope's own keys are as
 * above. {@code errors} are {@link Problem}s: {@code {code, message, fix}}.
 */
public final class JsonOutput {
    public static final String API_VERSION = "scc.cli/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private JsonOutput() {}

    /**
     * One entry of {@code status.errors}: a stable {@code code} (the name of the exit code it leads to, see {@link
     * dev.scc.cli.ExitCodes#name(int)}), the message a person reads, and what to do about it (empty when the message
     * says it).
     */
    public record Problem(String code, String message, String fix) {
        public static Problem of(int exitCode, String message, String fix) {
            return new Problem(dev.scc.cli.ExitCodes.name(exitCode), message, fix == null ? "" : fix);
        }

        /** Each message as a problem of the same exit code, without a separate fix. */
        public static List<Problem> all(int exitCode, List<String> messages) {
            return messages.stream().map(m -> of(exitCode, m, "")).toList();
        }

        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("code", code);
            o.put("message", message);
            o.put("fix", fix);
            return o;
        }
    }

    /** Builds an envelope; {@code ok} is true exactly when there are no errors. */
    public static ObjectNode envelope(String kind, JsonNode data, List<Problem> errors, List<String> warnings,
            Clock clock) {
        return envelope(kind, errors.isEmpty(), data, errors, warnings, clock);
    }

    /** Builds an envelope with an explicit {@code ok} (a refusal may be reported without an error entry). */
    public static ObjectNode envelope(String kind, boolean ok, JsonNode data, List<Problem> errors,
            List<String> warnings, Clock clock) {
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
        errors.forEach(p -> e.add(p.toJson()));
        ArrayNode w = status.putArray("warnings");
        warnings.forEach(w::add);
        root.set("data", data == null ? f.nullNode() : data);
        return root;
    }

    /**
     * Prints one envelope of {@code kind} around {@code data}: plain Java data (maps, lists, records, strings,
     * numbers, booleans; {@code null} for JSON null) or a Jackson tree. {@code ok} is true exactly when there are no
     * errors.
     */
    public static void print(PrintWriter out, String kind, Object data, List<Problem> errors, List<String> warnings,
            Clock clock) {
        print(out, envelope(kind, data == null ? null : MAPPER.valueToTree(data), errors, warnings, clock));
    }

    /**
     * The envelope on one line around {@code dataJson}, a data object that is already JSON text (the safety engine
     * writes its verdicts without Jackson); one line so a hook script can read it with {@code read}.
     */
    public static String line(String kind, boolean ok, List<Problem> errors, List<String> warnings, String dataJson,
            Clock clock) {
        ObjectNode root = envelope(kind, ok, null, errors, warnings, clock);
        root.putRawValue("data", new com.fasterxml.jackson.databind.util.RawValue(dataJson));
        try {
            return COMPACT.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The mapper of command output: builds and reads trees, writes them the one deterministic way. */
    public static ObjectMapper mapper() {
        return MAPPER;
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
