package dev.scc.render.codex.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A small deterministic TOML emitter: the caller orders keys and tables; values are escaped here. */
public final class Toml {
    private static final Pattern BARE = Pattern.compile("^[A-Za-z0-9_-]+$");
    private final StringBuilder sb = new StringBuilder();

    public Toml comment(String text) {
        sb.append("# ").append(text).append('\n');
        return this;
    }

    /** Starts {@code [a.b."c d"]}, with a blank line before it when something precedes. */
    public Toml table(String... path) {
        blank();
        sb.append('[').append(keyPath(path)).append("]\n");
        return this;
    }

    /** Starts {@code [[a.b]]}. */
    public Toml arrayTable(String... path) {
        blank();
        sb.append("[[").append(keyPath(path)).append("]]\n");
        return this;
    }

    public Toml put(String key, String value) {
        sb.append(key(key)).append(" = ").append(str(value)).append('\n');
        return this;
    }

    public Toml put(String key, boolean value) {
        sb.append(key(key)).append(" = ").append(value).append('\n');
        return this;
    }

    public Toml put(String key, List<String> values) {
        sb.append(key(key)).append(" = [");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(str(values.get(i)));
        }
        sb.append("]\n");
        return this;
    }

    /** An inline table of strings, {@code k = { a = "1", b = "2" }}. */
    public Toml putInline(String key, Map<String, String> values) {
        sb.append(key(key)).append(" = {");
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(i++ == 0 ? " " : ", ").append(key(e.getKey())).append(" = ").append(str(e.getValue()));
        }
        sb.append(values.isEmpty() ? "}\n" : " }\n");
        return this;
    }

    /** Raw TOML value text (for inline arrays of tables the caller built with {@link #str}). */
    public Toml putRaw(String key, String rawValue) {
        sb.append(key(key)).append(" = ").append(rawValue).append('\n');
        return this;
    }

    private void blank() {
        if (sb.length() > 0) {
            sb.append('\n');
        }
    }

    public static String keyPath(String... path) {
        StringBuilder k = new StringBuilder();
        for (int i = 0; i < path.length; i++) {
            k.append(i == 0 ? "" : ".").append(key(path[i]));
        }
        return k.toString();
    }

    public static String key(String k) {
        return BARE.matcher(k).matches() ? k : str(k);
    }

    /** A TOML basic string. */
    public static String str(String s) {
        StringBuilder o = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> o.append("\\\"");
                case '\\' -> o.append("\\\\");
                case '\n' -> o.append("\\n");
                case '\t' -> o.append("\\t");
                case '\r' -> o.append("\\r");
                case '\b' -> o.append("\\b");
                case '\f' -> o.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        o.append(String.format("\\u%04X", (int) c));
                    } else {
                        o.append(c);
                    }
                }
            }
        }
        return o.append('"').toString();
    }

    public boolean isEmpty() {
        return sb.length() == 0;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
