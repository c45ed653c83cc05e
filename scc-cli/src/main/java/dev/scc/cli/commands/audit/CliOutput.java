package dev.scc.cli.commands.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.SccCommand;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/**
 * JSON output of the audit and approval commands in the CLI envelope
 * ({@code apiVersion, kind, metadata{generatedAt, cliVersion}, status{ok, errors, warnings}, data}).
 */
public final class CliOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CliOutput() {}

    public static ObjectMapper mapper() {
        return JSON;
    }

    /** Writes one envelope. */
    public static void envelope(PrintWriter out, Clock clock, String kind, boolean ok, List<dev.scc.cli.output.JsonOutput.Problem> errors,
            List<String> warnings, JsonNode data) {
        dev.scc.cli.output.JsonOutput.print(out,
                dev.scc.cli.output.JsonOutput.envelope(kind, ok, data, errors, warnings, clock));
    }

    /** Shell-quotes an argv for display, so what the reviewer reads is what would run. */
    public static String shellQuote(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (!a.isEmpty() && a.matches("[A-Za-z0-9_@%+=:,./-]+")) {
                b.append(a);
            } else {
                b.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }
}
