package dev.scc.safety;

import dev.scc.safety.action.ActionRule;
import dev.scc.safety.action.ActionRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code rules} list of a safety policy file (what the host writes for the in-sandbox engine):
 * <pre>
 * [{"id": "deny-infra-destroy", "match": {"command": ["terraform destroy"], "file.read": ["**&#47;.env"],
 *   "file.write": [...], "mcp.call": ["github/merge_*"]}, "decision": "deny", "reason": "…",
 *   "enforce": true, "origin": "org"}]
 * </pre>
 * {@code reason}, {@code enforce} (default true) and {@code origin} (default {@code org}) are optional; anything else
 * is an error naming the key path and the rule id, which makes the whole policy invalid (fail closed).
 */
final class ActionRulesReader {
    private static final Set<String> RULE_KEYS = Set.of("id", "match", "decision", "reason", "enforce", "origin");
    private static final Set<String> MATCH_KEYS = Set.of("command", "file.read", "file.write", "mcp.call");

    private ActionRulesReader() {}

    static ActionRules read(Object v, String at) {
        if (!(v instanceof List)) {
            throw new PolicyException(at + " must be a list of rules");
        }
        List<ActionRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<?> list = (List<?>) v;
        for (int i = 0; i < list.size(); i++) {
            String here = at + "[" + i + "]";
            if (!(list.get(i) instanceof Map)) {
                throw new PolicyException(here + " must be an object with id, match and decision");
            }
            Map<?, ?> r = (Map<?, ?>) list.get(i);
            Object id = r.get("id");
            if (!(id instanceof String) || ((String) id).isBlank()) {
                throw new PolicyException(here + ".id must be a non-empty string");
            }
            String rid = (String) id;
            String named = here + " (rule " + rid + ")";
            if (!ids.add(rid)) {
                throw new PolicyException(named + ": the id is used by an earlier rule; rule ids must be unique");
            }
            for (Object k : r.keySet()) {
                if (!RULE_KEYS.contains(k)) {
                    throw new PolicyException(named + "." + k + " is not a rule key (known: id, match, decision, reason, enforce, origin)");
                }
            }
            Decision d = decision(r.get("decision"), named + ".decision");
            String reason = optString(r.get("reason"), named + ".reason", "");
            String origin = optString(r.get("origin"), named + ".origin", "org");
            Object enforce = r.containsKey("enforce") ? r.get("enforce") : Boolean.TRUE;
            if (!(enforce instanceof Boolean)) {
                throw new PolicyException(named + ".enforce must be true or false");
            }
            Object match = r.get("match");
            if (!(match instanceof Map) || ((Map<?, ?>) match).isEmpty()) {
                throw new PolicyException(named + ".match must be an object with at least one of command, file.read, file.write, mcp.call");
            }
            Map<?, ?> mm = (Map<?, ?>) match;
            for (Object k : mm.keySet()) {
                if (!MATCH_KEYS.contains(k)) {
                    throw new PolicyException(named + ".match." + k + " is not an action kind (known: command, file.read, file.write, mcp.call)");
                }
            }
            try {
                out.add(new ActionRule(rid, d, reason, (Boolean) enforce, origin, list(mm, "command", named),
                        list(mm, "file.read", named), list(mm, "file.write", named), list(mm, "mcp.call", named)));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(named + ".match: a pattern " + e.getMessage());
            }
        }
        return new ActionRules(out);
    }

    private static List<String> list(Map<?, ?> m, String key, String named) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        String at = named + ".match." + key;
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new PolicyException(at + " must be a non-empty list of patterns");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String) || ((String) o).isBlank()) {
                throw new PolicyException(at + " must contain only non-empty strings");
            }
            out.add((String) o);
        }
        return out;
    }

    private static Decision decision(Object v, String at) {
        if (v instanceof String s) {
            switch (s) {
                case "allow": return Decision.ALLOW;
                case "warn": return Decision.WARN;
                case "require_approval": return Decision.REQUIRE_APPROVAL;
                case "deny": return Decision.BLOCK;
                default: break;
            }
        }
        throw new PolicyException(at + " must be one of \"allow\", \"warn\", \"require_approval\", \"deny\"");
    }

    private static String optString(Object v, String at, String dflt) {
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String)) {
            throw new PolicyException(at + " must be a string");
        }
        return (String) v;
    }
}
