package dev.scc.policy.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import dev.scc.policy.Problem;
import dev.scc.policy.schema.JsonPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Turns a validator message into a {@link Problem} whose text names what was expected. Not API. */
public final class MessageText {
    private MessageText() {}

    public static Problem toProblem(String file, ValidationMessage m, JsonNode schemaTree) {
        String path = m.getInstanceLocation() == null ? "$" : m.getInstanceLocation().toString();
        JsonNode keyword = keywordValue(m, schemaTree);
        JsonNode instance = m.getInstanceNode();
        String type = m.getType() == null ? "" : m.getType();
        switch (type) {
            case "additionalProperties", "unevaluatedProperties": {
                String key = m.getProperty() == null ? String.valueOf(m.getArguments()[0]) : m.getProperty();
                List<String> allowed = allowedKeys(m, schemaTree);
                return new Problem(file, JsonPaths.child(path, key), "unknown key '" + key + "'",
                        allowed.isEmpty() ? "no other keys" : "one of: " + String.join(", ", allowed));
            }
            case "required": {
                String key = m.getProperty() == null ? String.valueOf(m.getArguments()[0]) : m.getProperty();
                return new Problem(file, path, "missing required key '" + key + "'", "key '" + key + "'");
            }
            case "type":
                return new Problem(file, path, "wrong type: " + kindOf(instance), describeType(keyword));
            case "enum":
                return new Problem(file, path, "value " + show(instance) + " is not allowed", "one of: " + joinValues(keyword));
            case "const":
                return new Problem(file, path, "value " + show(instance) + " is not allowed", keyword == null ? "" : keyword.toString());
            case "pattern": {
                // Schemas describe patterned values in words ("an https:// URL"); fall back to the regex.
                JsonNode description = parentOf(m, schemaTree).path("description");
                return new Problem(file, path, "value " + show(instance) + " does not match the required pattern",
                        description.isTextual() ? description.asText()
                                : "a string matching " + (keyword == null ? "the pattern" : keyword.asText()));
            }
            case "minLength":
                return new Problem(file, path, "string is too short", "at least " + text(keyword) + " character(s)");
            case "minItems":
                return new Problem(file, path, "list is too short", "at least " + text(keyword) + " item(s)");
            case "minimum":
                return new Problem(file, path, "value " + show(instance) + " is too small", "a number >= " + text(keyword));
            case "maximum":
                return new Problem(file, path, "value " + show(instance) + " is too large", "a number <= " + text(keyword));
            case "exclusiveMinimum":
                return new Problem(file, path, "value " + show(instance) + " is too small", "a number > " + text(keyword));
            case "anyOf":
                return new Problem(file, path, "none of the allowed shapes matches", describeAnyOf(keyword));
            default:
                return new Problem(file, path, stripPath(m), "");
        }
    }

    private static JsonNode keywordValue(ValidationMessage m, JsonNode schemaTree) {
        if (m.getSchemaLocation() == null || m.getSchemaLocation().getFragment() == null) {
            return null;
        }
        String pointer = m.getSchemaLocation().getFragment().toString();
        if (pointer.isEmpty() || "#".equals(pointer)) {
            return null;
        }
        if (pointer.startsWith("#")) {
            pointer = pointer.substring(1);
        }
        JsonNode n = schemaTree.at(pointer);
        return n.isMissingNode() ? null : n;
    }

    private static JsonNode parentOf(ValidationMessage m, JsonNode schemaTree) {
        if (m.getSchemaLocation() == null || m.getSchemaLocation().getFragment() == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        String pointer = m.getSchemaLocation().getFragment().toString();
        if (pointer.startsWith("#")) {
            pointer = pointer.substring(1);
        }
        int cut = pointer.lastIndexOf('/');
        return cut < 0 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : schemaTree.at(pointer.substring(0, cut));
    }

    private static List<String> allowedKeys(ValidationMessage m, JsonNode schemaTree) {
        List<String> keys = new ArrayList<>();
        if (m.getSchemaLocation() == null || m.getSchemaLocation().getFragment() == null) {
            return keys;
        }
        String pointer = m.getSchemaLocation().getFragment().toString();
        if (pointer.startsWith("#")) {
            pointer = pointer.substring(1);
        }
        int cut = pointer.lastIndexOf('/');
        if (cut < 0) {
            return keys;
        }
        JsonNode parent = schemaTree.at(pointer.substring(0, cut));
        for (Iterator<String> it = parent.path("properties").fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        for (Iterator<String> it = parent.path("patternProperties").fieldNames(); it.hasNext(); ) {
            keys.add("keys matching " + it.next());
        }
        return keys;
    }

    private static String describeType(JsonNode keyword) {
        if (keyword == null) return "another type";
        if (keyword.isArray()) {
            List<String> parts = new ArrayList<>();
            keyword.forEach(t -> parts.add(article(t.asText())));
            return String.join(" or ", parts);
        }
        return article(keyword.asText());
    }

    private static String article(String t) {
        return switch (t) {
            case "object" -> "an object";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "string" -> "a string";
            case "number" -> "a number";
            case "boolean" -> "a boolean (true/false)";
            case "null" -> "null";
            default -> t;
        };
    }

    private static String kindOf(JsonNode n) {
        if (n == null || n.isMissingNode()) return "missing";
        if (n.isObject()) return "object";
        if (n.isArray()) return "list";
        if (n.isIntegralNumber()) return "integer";
        if (n.isNumber()) return "number";
        if (n.isBoolean()) return "boolean";
        if (n.isNull()) return "null";
        return "string";
    }

    private static String describeAnyOf(JsonNode anyOf) {
        if (anyOf == null || !anyOf.isArray()) return "";
        List<String> parts = new ArrayList<>();
        for (JsonNode alt : anyOf) {
            JsonNode req = alt.path("required");
            if (req.isArray() && !req.isEmpty()) {
                List<String> names = new ArrayList<>();
                req.forEach(r -> names.add("'" + r.asText() + "'"));
                parts.add("key " + String.join(" and ", names));
            }
        }
        return String.join(" or ", parts);
    }

    private static String joinValues(JsonNode arr) {
        if (arr == null || !arr.isArray()) return "";
        List<String> parts = new ArrayList<>();
        arr.forEach(v -> parts.add(v.isTextual() ? v.asText() : v.toString()));
        return String.join(", ", parts);
    }

    private static String text(JsonNode n) {
        return n == null ? "?" : n.asText();
    }

    private static String show(JsonNode n) {
        if (n == null || n.isMissingNode()) return "(missing)";
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String stripPath(ValidationMessage m) {
        String msg = m.getMessage();
        String loc = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        if (!loc.isEmpty() && msg.startsWith(loc + ": ")) {
            return msg.substring(loc.length() + 2);
        }
        return msg;
    }
}
