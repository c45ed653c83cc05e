package dev.scc.cli.commands.safety;

import dev.scc.cli.SccCommand;
import dev.scc.safety.Json;
import java.time.Instant;
import java.util.List;

/**
 * The CLI's JSON envelope around a data object that is already JSON text (built without Jackson: safety checks run
 * on hot paths). The same contract as {@link dev.scc.cli.output.JsonOutput}: each error is {@code {code, message,
 * fix}}.
 */
final class Envelope {
    private Envelope() {}

    /** One {@code status.errors} entry. */
    record Error(String code, String message, String fix) {}

    static String of(String kind, boolean ok, List<Error> errors, List<String> warnings, String dataJson) {
        String v = SccCommand.class.getPackage().getImplementationVersion();
        StringBuilder sb = new StringBuilder(256 + dataJson.length());
        sb.append("{\"apiVersion\":\"scc.cli/v1\",\"kind\":").append(Json.quote(kind))
                .append(",\"metadata\":{\"generatedAt\":").append(Json.quote(Instant.now().toString()))
                .append(",\"cliVersion\":").append(Json.quote(v == null ? "dev" : v))
                .append("},\"status\":{\"ok\":").append(ok).append(",\"errors\":[");
        for (int i = 0; i < errors.size(); i++) {
            Error e = errors.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"code\":").append(Json.quote(e.code())).append(",\"message\":")
                    .append(Json.quote(e.message())).append(",\"fix\":").append(Json.quote(e.fix())).append('}');
        }
        sb.append(']');
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
