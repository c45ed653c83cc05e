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
    public static void envelope(PrintWriter out, Clock clock, String kind, boolean ok, List<String> errors,
            List<String> warnings, JsonNode data) {
        ObjectNode n = JSON.createObjectNode();
        n.put("apiVersion", "scc.cli/v1");
        n.put("kind", kind);
        ObjectNode meta = n.putObject("metadata");
        meta.put("generatedAt", clock.instant().toString());
        String v = SccCommand.class.getPackage().getImplementationVersion();
        meta.put("cliVersion", v == null ? "dev" : v);
        ObjectNode status = n.putObject("status");
        status.put("ok", ok);
        ArrayNode e = status.putArray("errors");
        errors.forEach(e::add);
        ArrayNode w = status.putArray("warnings");
        warnings.forEach(w::add);
        n.set("data", data);
        try {
            out.println(JSON.writeValueAsString(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        out.flush();
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
