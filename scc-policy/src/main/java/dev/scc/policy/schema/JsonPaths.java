package dev.scc.policy.schema;

import java.util.regex.Pattern;

/** Builds JSONPath strings in the one notation used in every {@link dev.scc.policy.Problem}. */
public final class JsonPaths {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsonPaths() {}

    /** {@code $.a.b} for plain keys, {@code $.a['team-x']} for keys needing quotes. */
    public static String child(String parent, String key) {
        if (PLAIN.matcher(key).matches()) {
            return parent + "." + key;
        }
        return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** {@code parent[index]}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
