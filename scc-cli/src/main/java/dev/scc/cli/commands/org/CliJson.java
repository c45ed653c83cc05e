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

    public static ObjectNode envelope(String kind, Clock clock, boolean ok, List<dev.scc.cli.output.JsonOutput.Problem> errors, List<String> warnings, JsonNode data) {
        return dev.scc.cli.output.JsonOutput.envelope(kind, ok, data, errors, warnings, clock);
    }

    public static void print(PrintWriter out, JsonNode node) {
        out.println(dev.scc.cli.output.JsonOutput.write(node));
        out.flush();
    }
}
