package dev.scc.cli.commands.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.SccCommand;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The {@code --json} envelope shared by SCC commands:
 * {@code {apiVersion:"scc.cli/v1", kind, metadata:{generatedAt, cliVersion}, status:{ok, errors, warnings}, data}}.
 */
public final class CliJson {
    /** Shared mapper for command output. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private CliJson() {}

    public static ObjectNode envelope(String kind, Clock clock, boolean ok, List<String> errors, List<String> warnings, JsonNode data) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("apiVersion", "scc.cli/v1");
        root.put("kind", kind);
        ObjectNode meta = root.putObject("metadata");
        meta.put("generatedAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        String v = SccCommand.class.getPackage().getImplementationVersion();
        meta.put("cliVersion", v == null ? "dev" : v);
        ObjectNode status = root.putObject("status");
        status.put("ok", ok);
        errors.forEach(status.putArray("errors")::add);
        warnings.forEach(status.putArray("warnings")::add);
        root.set("data", data);
        return root;
    }

    public static void print(PrintWriter out, JsonNode node) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
