package dev.scc.safety;

import dev.scc.safety.internal.json.MiniJson;

/** JSON string quoting for callers that print the engine's JSON next to their own (e.g. the CLI envelope). */
public final class Json {
    private Json() {}

    /** {@code value} as a JSON string literal, quotes included. */
    public static String quote(String value) {
        return MiniJson.quote(value);
    }
}
