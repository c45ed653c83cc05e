package dev.scc.safety.rules;

import dev.scc.safety.Decision;
import dev.scc.safety.internal.json.MiniJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code rules:} list (as parsed values: maps, lists, strings, booleans, from Jackson or the engine's own JSON
 * reader) into {@link ActionRule}s, and writes rules as the JSON the sandbox's policy file carries. Reading checks
 * everything a policy author can get wrong and runs every rule's own {@code tests}; all problems are reported at
 * once, each naming the file, the key path and the rule id.
 */
public final class RuleCodec {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");
    private static final Set<String> KEYS = Set.of("id", "match", "decision", "reason", "alternative", "enforce", "tests");

    private RuleCodec() {}

    /**
     * Reads the rules of one document.
     *
     * @param node the value of the {@code rules} key
     * @param file the document's file, for messages
     * @param keyPath the key path of {@code node} ({@code rules}, {@code profiles.backend.rules})
     * @param origin the layer the rules belong to
     * @throws RuleDocumentException listing every problem
     */
    public static List<ActionRule> read(Object node, String file, String keyPath, Origin origin) {
        return read(node, file, keyPath, origin, false);
    }

    /**
     * Reads rules written by {@link #toJson}: as {@link #read}, and each rule may carry its own {@code origin}
     * ({@code {"layer": "team", "name": "backend", "file": "…"}}), which replaces {@code defaultOrigin}.
     */
    public static List<ActionRule> readWithOrigins(Object node, String file, String keyPath, Origin defaultOrigin) {
        return read(node, file, keyPath, defaultOrigin, true);
    }

    private static List<ActionRule> read(Object node, String file, String keyPath, Origin origin, boolean origins) {
        List<RuleDocumentException.Problem> problems = new ArrayList<>();
        List<ActionRule> out = new ArrayList<>();
        if (!(node instanceof List)) {
            throw new RuleDocumentException(List.of(new RuleDocumentException.Problem(file, keyPath, "",
                    "must be a list of rules (got " + describe(node) + ")")));
        }
        Set<String> ids = new HashSet<>();
        List<?> list = (List<?>) node;
        for (int i = 0; i < list.size(); i++) {
            String at = keyPath + "[" + i + "]";
            Object item = list.get(i);
            if (!(item instanceof Map)) {
                problems.add(new RuleDocumentException.Problem(file, at, "", "must be a rule object with id, match and decision"));
                continue;
            }
            Reader r = new Reader(file, at, problems);
            Optional<ActionRule> rule = r.rule((Map<?, ?>) item, origin, origins);
            if (!r.id.isEmpty() && !ids.add(r.id)) {
                problems.add(new RuleDocumentException.Problem(file, at + ".id", r.id, "the id is used by an earlier rule"));
                continue;
            }
            rule.ifPresent(out::add);
        }
        if (!problems.isEmpty()) {
            throw new RuleDocumentException(problems);
        }
        return List.copyOf(out);
    }

    private static final class Reader {
        private final String file;
        private final String at;
        private final List<RuleDocumentException.Problem> problems;
        private String id = "";
        private boolean ok = true;

        Reader(String file, String at, List<RuleDocumentException.Problem> problems) {
            this.file = file;
            this.at = at;
            this.problems = problems;
        }

        private void problem(String key, String message) {
            ok = false;
            problems.add(new RuleDocumentException.Problem(file, key.isEmpty() ? at : at + "." + key, id, message));
        }

        Optional<ActionRule> rule(Map<?, ?> m, Origin defaultOrigin, boolean origins) {
            Object idv = m.get("id");
            if (idv instanceof String && ID.matcher((String) idv).matches()) {
                id = (String) idv;
                if (BuiltinPack.reserved(id)) {
                    problem("id", "\"" + id + "\" is reserved for SCC's built-in rules (git.*, network.*, shell.*, policy.*);"
                            + " choose another id");
                }
            } else if (idv == null) {
                problem("id", "is missing; every rule needs an id (lower case letters, digits, '.', '_' or '-')");
            } else {
                problem("id", "must be lower case letters, digits, '.', '_' or '-' (at most 80), starting with a letter or"
                        + " digit (got " + describe(idv) + ")");
            }
            for (Object k : m.keySet()) {
                if (!KEYS.contains(String.valueOf(k)) && !(origins && "origin".equals(k))) {
                    problem(String.valueOf(k), "is not a rule key (known: id, match, decision, reason, alternative, enforce, tests)");
                }
            }
            Decision decision = Decision.ALLOW;
            Object dv = m.get("decision");
            Optional<Decision> d = dv instanceof String ? Decision.fromPolicyWord((String) dv) : Optional.empty();
            if (d.isEmpty() || "block".equals(dv)) {
                problem("decision", dv == null ? "is missing; one of allow, warn, require_approval, deny"
                        : "must be one of allow, warn, require_approval, deny (got " + describe(dv) + ")");
            } else {
                decision = d.get();
            }
            Match match = match(m.get("match"));
            String reason = optString(m, "reason").orElse("");
            Optional<String> alternative = optString(m, "alternative");
            boolean enforce = true;
            if (m.containsKey("enforce")) {
                if (m.get("enforce") instanceof Boolean) {
                    enforce = (Boolean) m.get("enforce");
                } else {
                    problem("enforce", "must be true or false (got " + describe(m.get("enforce")) + ")");
                }
            }
            RuleTests tests = tests(m.get("tests"));
            Origin origin = origins && m.containsKey("origin") ? origin(m.get("origin")) : defaultOrigin;
            if (!ok || match == null) {
                return Optional.empty();
            }
            if (reason.isEmpty()) {
                reason = "Rule " + id + " of the " + origin.layer().key() + " policy";
            }
            ActionRule rule = new ActionRule(id, match, decision, reason, alternative, enforce, tests, origin);
            for (String f : RuleSet.testFailures(rule)) {
                problem("tests", f);
            }
            return ok ? Optional.of(rule) : Optional.empty();
        }

        private Optional<String> optString(Map<?, ?> m, String key) {
            Object v = m.get(key);
            if (v == null || v == MiniJson.NULL) {
                return Optional.empty();
            }
            if (!(v instanceof String)) {
                problem(key, "must be a string (got " + describe(v) + ")");
                return Optional.empty();
            }
            return Optional.of((String) v);
        }

        private Match match(Object v) {
            if (!(v instanceof Map) || ((Map<?, ?>) v).isEmpty()) {
                problem("match", v == null ? "is missing; e.g. {command: [\"terraform destroy\"]}"
                        : "must be an object with at least one of command, file.read, file.write, mcp.call, network, git.push"
                                + " (got " + describe(v) + ")");
                return null;
            }
            List<ActionPattern> patterns = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                String key = String.valueOf(e.getKey());
                Optional<ActionKind> kind = ActionKind.fromKey(key);
                if (kind.isEmpty()) {
                    problem("match." + key, "is not an action kind (known: command, file.read, file.write, mcp.call, network,"
                            + " git.push)");
                    continue;
                }
                List<String> texts = strings(e.getValue(), "match." + key);
                if (texts != null && texts.isEmpty()) {
                    problem("match." + key, "lists no patterns");
                }
                if (texts == null) {
                    continue;
                }
                for (int i = 0; i < texts.size(); i++) {
                    try {
                        patterns.add(ActionPattern.parse(kind.get(), texts.get(i)));
                    } catch (IllegalArgumentException ex) {
                        problem("match." + key + "[" + i + "]", ex.getMessage());
                    }
                }
            }
            return patterns.isEmpty() ? null : Match.of(patterns);
        }

        private RuleTests tests(Object v) {
            if (v == null || v == MiniJson.NULL) {
                return RuleTests.NONE;
            }
            if (!(v instanceof Map)) {
                problem("tests", "must be an object with match and/or not_match lists");
                return RuleTests.NONE;
            }
            Map<?, ?> t = (Map<?, ?>) v;
            for (Object k : t.keySet()) {
                if (!"match".equals(k) && !"not_match".equals(k)) {
                    problem("tests." + k, "is not a tests key (known: match, not_match)");
                }
            }
            List<String> match = t.containsKey("match") ? strings(t.get("match"), "tests.match") : List.of();
            List<String> notMatch = t.containsKey("not_match") ? strings(t.get("not_match"), "tests.not_match") : List.of();
            return new RuleTests(match == null ? List.of() : match, notMatch == null ? List.of() : notMatch);
        }

        private Origin origin(Object v) {
            if (v instanceof Map) {
                Map<?, ?> o = (Map<?, ?>) v;
                Optional<Origin.Layer> layer = o.get("layer") instanceof String ? Origin.Layer.fromKey((String) o.get("layer"))
                        : Optional.empty();
                if (layer.isPresent() && o.get("name") instanceof String && o.get("file") instanceof String) {
                    return new Origin(layer.get(), (String) o.get("name"), (String) o.get("file"));
                }
            }
            problem("origin", "must be {layer: org|team|project, name, file}");
            return Origin.builtin("");
        }

        private List<String> strings(Object v, String key) {
            if (v instanceof String) {
                return List.of((String) v);
            }
            if (!(v instanceof List)) {
                problem(key, "must be a list of strings (got " + describe(v) + ")");
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof String) || ((String) o).isBlank()) {
                    problem(key, "must contain only non-empty strings (got " + describe(o) + ")");
                    return null;
                }
                out.add((String) o);
            }
            return out;
        }
    }

    private static String describe(Object v) {
        if (v == null || v == MiniJson.NULL) {
            return "null";
        }
        if (v instanceof String) {
            return "the string " + MiniJson.quote((String) v);
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return String.valueOf(v);
    }

    /** The rules as a JSON array (pattern rules only; built-in ones travel as {@code safety_net} switches). */
    public static String toJson(List<ActionRule> rules) {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (ActionRule r : rules) {
            if (r.match().analysed()) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"id\":");
            MiniJson.quote(sb, r.id());
            sb.append(",\"match\":{");
            boolean firstKind = true;
            for (ActionKind k : r.match().kinds()) {
                if (!firstKind) {
                    sb.append(',');
                }
                firstKind = false;
                MiniJson.quote(sb, k.key());
                sb.append(":[");
                boolean firstP = true;
                for (ActionPattern p : r.match().patterns()) {
                    if (p.kind() == k) {
                        if (!firstP) {
                            sb.append(',');
                        }
                        firstP = false;
                        MiniJson.quote(sb, p.text());
                    }
                }
                sb.append(']');
            }
            sb.append("},\"decision\":");
            MiniJson.quote(sb, r.decision().policyWord());
            sb.append(",\"reason\":");
            MiniJson.quote(sb, r.reason());
            if (r.alternative().isPresent()) {
                sb.append(",\"alternative\":");
                MiniJson.quote(sb, r.alternative().get());
            }
            sb.append(",\"enforce\":").append(r.enforce());
            if (!r.tests().isEmpty()) {
                sb.append(",\"tests\":{\"match\":");
                strings(sb, r.tests().match());
                sb.append(",\"not_match\":");
                strings(sb, r.tests().notMatch());
                sb.append('}');
            }
            sb.append(",\"origin\":{\"layer\":");
            MiniJson.quote(sb, r.origin().layer().key());
            sb.append(",\"name\":");
            MiniJson.quote(sb, r.origin().name());
            sb.append(",\"file\":");
            MiniJson.quote(sb, r.origin().file());
            sb.append("}}");
        }
        return sb.append(']').toString();
    }

    private static void strings(StringBuilder sb, List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            MiniJson.quote(sb, list.get(i));
        }
        sb.append(']');
    }
}
