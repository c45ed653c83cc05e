package dev.scc.cli.ux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.output.JsonOutput;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Prints the {@code scc.cli/v1} envelope from plain Java data (maps, lists, strings, booleans, numbers;
 * {@code null} for JSON null), so command classes need no Jackson types and {@code --help} never loads them.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {}

    /** Prints one envelope of {@code kind} with {@code data}. */
    public static void print(PrintWriter out, String kind, Map<String, ?> data, List<JsonOutput.Problem> errors, List<String> warnings,
            Clock clock) {
        JsonNode tree = MAPPER.valueToTree(data);
        JsonOutput.print(out, JsonOutput.envelope(kind, tree, errors, warnings, clock));
    }
}
