package dev.scc.safety.internal.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small, strict JSON (RFC 8259) reader and string writer. The engine runs inside the
 * sandbox with no runtime dependencies, so policy files and hook payloads are read with this.
 *
 * <p>Values map to: object {@code Map<String,Object>} (insertion order, duplicate keys rejected),
 * array {@code List<Object>}, string {@code String}, number {@code Double} or {@code Long}, boolean
 * {@code Boolean}, null {@link #NULL}. Every malformed input raises {@link JsonException}; nothing
 * else escapes (depth and size are bounded so hostile input cannot exhaust the stack).
 */
public final class MiniJson {
    /** The JSON {@code null} value (distinct from "absent"). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 64;
    /** Largest document accepted, in chars. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    private final String s;
    private int pos;

    private MiniJson(String s) {
        this.s = s;
    }

    /** Parses one JSON document (surrounding whitespace allowed, nothing else). */
    public static Object parse(String text) {
        if (text == null) {
            throw new JsonException("no input", 0);
        }
        if (text.length() > MAX_CHARS) {
            throw new JsonException("document larger than " + MAX_CHARS + " characters", 0);
        }
        MiniJson p = new MiniJson(text);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw new JsonException("unexpected text after the JSON value", p.pos);
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonException("nested deeper than " + MAX_DEPTH, pos);
        }
        if (pos >= s.length()) {
            throw new JsonException("unexpected end of input", pos);
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new JsonException("unexpected character '" + printable(c) + "'", pos);
        }
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw new JsonException("expected a string key", pos);
            }
            int keyPos = pos;
            String k = string();
            skipWs();
            expect(':');
            skipWs();
            Object v = value(depth + 1);
            if (m.put(k, v) != null) {
                throw new JsonException("duplicate key \"" + k + "\"", keyPos);
            }
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return Collections.unmodifiableMap(m);
            } else {
                throw new JsonException("expected ',' or '}'", pos);
            }
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> l = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(l);
        }
        while (true) {
            skipWs();
            l.add(value(depth + 1));
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return Collections.unmodifiableList(l);
            } else {
                throw new JsonException("expected ',' or ']'", pos);
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new JsonException("unterminated string", pos);
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    throw new JsonException("unterminated escape", pos);
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (pos + 4 > s.length()) {
                            throw new JsonException("short \\u escape", pos);
                        }
                        int cp = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos + i), 16);
                            if (d < 0) {
                                throw new JsonException("bad \\u escape", pos);
                            }
                            cp = cp * 16 + d;
                        }
                        pos += 4;
                        sb.append((char) cp);
                        break;
                    default:
                        throw new JsonException("bad escape '\\" + printable(e) + "'", pos - 1);
                }
            } else if (c < 0x20) {
                throw new JsonException("control character in string", pos - 1);
            } else {
                sb.append(c);
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw new JsonException("bad number", pos);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw new JsonException("bad number fraction", pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new JsonException("bad number exponent", pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String t = s.substring(start, pos);
        if (integral && t.length() < 18) {
            return Long.parseLong(t);
        }
        return Double.parseDouble(t);
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw new JsonException("unexpected token", pos);
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new JsonException("expected '" + c + "'", pos);
        }
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /** Appends {@code value} as a JSON string literal (quotes included). */
    public static StringBuilder quote(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"');
    }

    /** Returns {@code value} as a JSON string literal. */
    /**
     * Writes a parsed value back as JSON in one canonical form: object keys sorted, no blanks. Two inputs that differ only
     * in key order or spacing write the same text (what an approval of an MCP call is bound to).
     */
    public static String writeCanonical(Object value) {
        StringBuilder sb = new StringBuilder();
        canonical(sb, value);
        return sb.toString();
    }

    private static void canonical(StringBuilder sb, Object v) {
        if (v instanceof Map) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sorted.put(String.valueOf(e.getKey()), e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                canonical(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                sb.append(first ? "" : ",");
                first = false;
                canonical(sb, o);
            }
            sb.append(']');
        } else if (v instanceof String) {
            quote(sb, (String) v);
        } else if (v == null || v == NULL) {
            sb.append("null");
        } else {
            sb.append(v);
        }
    }

    public static String quote(String value) {
        return quote(new StringBuilder(value.length() + 2), value).toString();
    }

    /** A JSON syntax error with the character offset where it was found. */
    public static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        public JsonException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }
}
