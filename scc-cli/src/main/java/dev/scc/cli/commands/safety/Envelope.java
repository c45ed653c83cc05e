package dev.scc.cli.commands.safety;

import dev.scc.cli.SccCommand;
import dev.scc.safety.Json;
import java.time.Instant;
import java.util.List;

/** The CLI's JSON envelope around a data object that is already JSON text. */
final class Envelope {
    private Envelope() {}

    static String of(String kind, boolean ok, List<String> errors, List<String> warnings, String dataJson) {
        String v = SccCommand.class.getPackage().getImplementationVersion();
        StringBuilder sb = new StringBuilder(256 + dataJson.length());
        sb.append("{\"apiVersion\":\"scc.cli/v1\",\"kind\":").append(Json.quote(kind))
                .append(",\"metadata\":{\"generatedAt\":").append(Json.quote(Instant.now().toString()))
                .append(",\"cliVersion\":").append(Json.quote(v == null ? "dev" : v))
                .append("},\"status\":{\"ok\":").append(ok).append(",\"errors\":");
        list(sb, errors);
        sb.append(",\"warnings\":");
        list(sb, warnings);
        return sb.append("},\"data\":").append(dataJson).append('}').toString();
    }

    private static void list(StringBuilder sb, List<String> items) {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.quote(items.get(i)));
        }
        sb.append(']');
    }
}
