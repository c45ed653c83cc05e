package dev.scc.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code scc config explain} shows about the credential broker: each brokered destination, where its credential
 * comes from and how it travels. Never a value: only names, sources (variable names, file paths, program names) and
 * header names.
 */
public final class BrokerExplain {
    private BrokerExplain() {}

    /** One brokered destination as explain shows it. */
    public record Row(String name, String kind, String route, String upstream, String credential, String source,
            String header) {}

    /** Rows for an org document and team; empty when the org brokers nothing. */
    public static List<Row> rows(String file, JsonNode org, Optional<String> team) {
        BrokerConfig c = BrokerConfig.fromOrg(file, org, team, Map.of());
        List<Row> rows = new ArrayList<>();
        for (Destination d : c.destinations()) {
            rows.add(new Row(d.name(), d.kind().id(), d.route(), d.upstream().toString(), d.credential(),
                    c.credentials().get(d.credential()).describe(), d.injection().describe()));
        }
        return List.copyOf(rows);
    }

    /** The rows as JSON (the {@code brokered} field of explain's envelope). */
    public static ArrayNode json(List<Row> rows) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Row r : rows) {
            ObjectNode n = a.addObject();
            n.put("name", r.name()).put("type", r.kind()).put("route", r.route()).put("upstream", r.upstream())
                    .put("credential", r.credential()).put("source", r.source()).put("header", r.header());
        }
        return a;
    }

    /** The text lines explain prints under "Brokered Credentials". */
    public static List<String> lines(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of("  (none: no credential is brokered; provider keys are not passed into the sandbox by the"
                    + " broker)");
        }
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            out.add("  " + r.name() + " (" + r.kind() + ") -> " + r.upstream() + "  credential " + r.credential()
                    + " from " + r.source() + ", sent as " + r.header() + "  [Enforced (boundary): the sandbox holds a"
                    + " placeholder]");
        }
        return out;
    }
}
