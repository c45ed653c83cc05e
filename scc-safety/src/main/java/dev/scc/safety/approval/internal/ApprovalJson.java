package dev.scc.safety.approval.internal;

import dev.scc.safety.internal.json.MiniJson;
import java.util.List;
import java.util.Map;

/**
 * The approval files' JSON: reading goes through the engine's one dependency-free parser ({@link MiniJson});
 * writing is the flat string-valued object the wire format needs.
 */
public final class ApprovalJson {
    private ApprovalJson() {}

    /** Parses a document that must be an object; throws {@link IllegalArgumentException} on anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v;
        try {
            v = MiniJson.parse(text);
        } catch (MiniJson.JsonException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** Writes a flat object whose values are strings or lists of strings, keys in the given order. */
    public static String write(Map<String, ?> fields) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            MiniJson.quote(b, e.getKey());
            b.append(':');
            Object v = e.getValue();
            if (v instanceof List<?> l) {
                b.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) {
                        b.append(',');
                    }
                    MiniJson.quote(b, String.valueOf(l.get(k)));
                }
                b.append(']');
            } else {
                MiniJson.quote(b, String.valueOf(v));
            }
        }
        return b.append("}\n").toString();
    }
}
