package dev.scc.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON writer renderers share: a tiny mutable tree (objects keep insertion order) and a deterministic text
 * form, so the same plan always renders the same bytes. The text is what Jackson's pretty printer writes with a
 * two-space indent and {@code "key": value}: one member or element per line, {@code \n} line ends, {@code { }} and
 * {@code [ ]} for empty containers, a trailing newline; strings escape {@code "}, {@code \}, and control characters
 * ({@code \b \t \n \f \r}, else {@code \}{@code u00XX}) and write every other character as itself.
 *
 * <p>A renderer module builds {@link JsonObject}s and calls {@link #write}; it needs no JSON library of its own. The
 * class has no dependencies, like the rest of the SPI.
 */
public final class DeterministicJson {
    private DeterministicJson() {}

    /** A new empty object. */
    public static JsonObject object() {
        return new JsonObject();
    }

    /** A new empty array. */
    public static JsonArray array() {
        return new JsonArray();
    }

    /** The deterministic text of {@code root}, ending with a newline. */
    public static String write(JsonObject root) {
        StringBuilder sb = new StringBuilder();
        value(sb, root, 0);
        return sb.append('\n').toString();
    }

    /** {@code s} as a quoted JSON string (also a valid TOML basic string: every escape used is one of TOML's). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        string(sb, s);
        return sb.toString();
    }

    /** A JSON object whose members keep the order they were first put in; putting an existing key replaces it. */
    public static final class JsonObject {
        private final Map<String, Object> members = new LinkedHashMap<>();

        private JsonObject() {}

        public JsonObject put(String key, String value) {
            members.put(key, value);
            return this;
        }

        public JsonObject put(String key, boolean value) {
            members.put(key, value);
            return this;
        }

        public JsonObject put(String key, long value) {
            members.put(key, value);
            return this;
        }

        /** Sets {@code key} to an object or array built elsewhere; returns this object. */
        public JsonObject set(String key, JsonObject value) {
            members.put(key, value);
            return this;
        }

        /** Sets {@code key} to an array built elsewhere; returns this object. */
        public JsonObject set(String key, JsonArray value) {
            members.put(key, value);
            return this;
        }

        /** A new empty object under {@code key}, returned for filling. */
        public JsonObject putObject(String key) {
            JsonObject o = new JsonObject();
            members.put(key, o);
            return o;
        }

        /** A new empty array under {@code key}, returned for filling. */
        public JsonArray putArray(String key) {
            JsonArray a = new JsonArray();
            members.put(key, a);
            return a;
        }

        public boolean isEmpty() {
            return members.isEmpty();
        }

        public int size() {
            return members.size();
        }
    }

    /** A JSON array. */
    public static final class JsonArray {
        private final List<Object> elements = new ArrayList<>();

        private JsonArray() {}

        public JsonArray add(String value) {
            elements.add(value);
            return this;
        }

        public JsonArray add(boolean value) {
            elements.add(value);
            return this;
        }

        public JsonArray add(long value) {
            elements.add(value);
            return this;
        }

        public JsonArray add(JsonObject value) {
            elements.add(value);
            return this;
        }

        public JsonArray add(JsonArray value) {
            elements.add(value);
            return this;
        }

        /** A new empty object appended, returned for filling. */
        public JsonObject addObject() {
            JsonObject o = new JsonObject();
            elements.add(o);
            return o;
        }

        public boolean isEmpty() {
            return elements.isEmpty();
        }

        public int size() {
            return elements.size();
        }
    }

    private static void value(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof JsonObject o) {
            if (o.members.isEmpty()) {
                sb.append("{ }");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.members.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                indent(sb, depth + 1);
                string(sb, e.getKey());
                sb.append(": ");
                value(sb, e.getValue(), depth + 1);
            }
            indent(sb, depth);
            sb.append('}');
        } else if (v instanceof JsonArray a) {
            if (a.elements.isEmpty()) {
                sb.append("[ ]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < a.elements.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                indent(sb, depth + 1);
                value(sb, a.elements.get(i), depth + 1);
            }
            indent(sb, depth);
            sb.append(']');
        } else {
            sb.append(v); // Boolean or Long
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append('\n');
        sb.append("  ".repeat(depth));
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
