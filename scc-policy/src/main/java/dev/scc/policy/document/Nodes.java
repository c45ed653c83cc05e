package dev.scc.policy.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads from a Jackson tree, each failing with the JSON path and the expectation. */
final class Nodes {
    private Nodes() {}

    static String path(String parent, String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? parent + "." + key : parent + "['" + key + "']";
    }

    static JsonNode object(JsonNode parent, String key, String at) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new ShapeException(path(at, key), "an object");
        }
        return n;
    }

    static Optional<String> string(JsonNode parent, String key, String at) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new ShapeException(path(at, key), "a string");
        }
        return Optional.of(n.asText());
    }

    static String string(JsonNode parent, String key, String at, String dflt) {
        return string(parent, key, at).orElse(dflt);
    }

    static Optional<Boolean> bool(JsonNode parent, String key, String at) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw new ShapeException(path(at, key), "true or false");
        }
        return Optional.of(n.asBoolean());
    }

    static Optional<Integer> integer(JsonNode parent, String key, String at) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ShapeException(path(at, key), "an integer");
        }
        return Optional.of(n.asInt());
    }

    static Optional<Double> number(JsonNode parent, String key, String at) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isNumber()) {
            throw new ShapeException(path(at, key), "a number");
        }
        return Optional.of(n.asDouble());
    }

    /** A string list; absent or null gives empty. */
    static List<String> strings(JsonNode parent, String key, String at) {
        return optionalStrings(parent, key, at).orElse(List.of());
    }

    /** A string list that distinguishes absent (empty Optional) from {@code []}. */
    static Optional<List<String>> optionalStrings(JsonNode parent, String key, String at) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        String p = path(at, key);
        if (!n.isArray()) {
            throw new ShapeException(p, "a list of strings");
        }
        List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual()) {
                throw new ShapeException(p + "[" + i + "]", "a string");
            }
            out.add(e.asText());
        }
        return Optional.of(out);
    }

    static Map<String, String> stringMap(JsonNode parent, String key, String at) {
        JsonNode n = object(parent, key, at);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ShapeException(path(path(at, key), e.getKey()), "a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** Plain Java values (String, Boolean, Long, Double, List, Map) for opaque pass-through sections. */
    static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return n.isNull() ? "" : n.asText();
    }
}
