package dev.scc.policy.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.policy.Problem;
import dev.scc.policy.schema.JsonPaths;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Document invariants a JSON Schema cannot express. Each check reads defensively (a structurally
 * invalid document is reported by the schema, never by an exception here). Not API.
 *
 * <p>What is deliberately NOT checked: allowlist and block gates and the stdio command rules. The
 * reference's fetch gate treated those as document errors, which rejected most of its own examples;
 * here they are merge results ({@code blocked}/{@code denied}), decided per layer.
 */
public final class Invariants {
    private static final String IMPLICIT_MARKETPLACE = "claude-plugins-official";
    private static final java.util.regex.Pattern RFC3339_SHAPE = java.util.regex.Pattern.compile(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$");

    private Invariants() {}

    /**
     * Every key and string value that holds a control character (a terminal escape, a carriage return, a
     * bidirectional override): names and descriptions are printed by {@code team list} and {@code config
     * explain}, so a document must not be able to drive the terminal. Newlines and tabs are allowed.
     */
    public static List<Problem> controlCharacters(String file, JsonNode doc) {
        List<Problem> out = new ArrayList<>();
        controls(file, doc, "$", out);
        return out;
    }

    private static void controls(String file, JsonNode n, String path, List<Problem> out) {
        if (n.isTextual()) {
            dev.scc.core.text.Printable.firstControl(n.textValue()).ifPresent(c -> out.add(new Problem(file, path,
                    "text contains control character " + dev.scc.core.text.Printable.describe(c),
                    "text without control characters (newlines and tabs are fine)")));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                controls(file, n.get(i), JsonPaths.index(path, i), out);
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = JsonPaths.child(path, e.getKey());
                dev.scc.core.text.Printable.firstControl(e.getKey()).ifPresent(c -> out.add(new Problem(file, child,
                        "key contains control character " + dev.scc.core.text.Printable.describe(c),
                        "keys without control characters")));
                controls(file, e.getValue(), child, out);
            }
        }
    }

    public static List<Problem> org(String file, JsonNode doc) {
        List<Problem> out = new ArrayList<>();
        if (!doc.isObject()) {
            return out;
        }
        JsonNode profiles = doc.path("profiles");
        JsonNode marketplaces = doc.path("marketplaces");
        JsonNode destinationSets = doc.path("destination_sets");
        JsonNode bundles = doc.path("governed_artifacts").path("bundles");
        JsonNode artifacts = doc.path("governed_artifacts").path("artifacts");

        JsonNode defaultProfile = doc.path("organization").path("default_profile");
        if (defaultProfile.isTextual() && !profiles.has(defaultProfile.asText())) {
            out.add(new Problem(file, "$.organization.default_profile",
                    "default_profile '" + defaultProfile.asText() + "' references a profile that does not exist",
                    "one of the profiles: " + names(profiles)));
        }

        checkPluginRefs(file, doc.path("defaults").path("enabled_plugins"), "$.defaults.enabled_plugins", marketplaces, out);
        checkNames(file, doc.path("defaults").path("extra_marketplaces"), "$.defaults.extra_marketplaces", marketplaces, "marketplace", out);
        checkNames(file, doc.path("defaults").path("destination_sets"), "$.defaults.destination_sets", destinationSets, "destination set", out);

        if (profiles.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = profiles.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String base = JsonPaths.child("$.profiles", e.getKey());
                JsonNode profile = e.getValue();
                checkPluginRefs(file, profile.path("additional_plugins"), base + ".additional_plugins", marketplaces, out);
                checkDuplicateServers(file, profile.path("additional_mcp_servers"), base + ".additional_mcp_servers", out);
                checkNames(file, profile.path("enabled_bundles"), base + ".enabled_bundles", bundles, "bundle", out);
                checkNames(file, profile.path("destination_sets"), base + ".destination_sets", destinationSets, "destination set", out);
            }
        }

        if (bundles.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = bundles.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String base = JsonPaths.child("$.governed_artifacts.bundles", e.getKey());
                checkNames(file, e.getValue().path("artifacts"), base + ".artifacts", artifacts, "artifact", out);
                checkNames(file, e.getValue().path("members"), base + ".members", artifacts, "artifact", out);
            }
        }

        checkBroker(file, doc.path("broker"), out);

        JsonNode exceptions = doc.path("exceptions");
        if (exceptions.isArray()) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < exceptions.size(); i++) {
                JsonNode ex = exceptions.get(i);
                String base = JsonPaths.index("$.exceptions", i);
                JsonNode id = ex.path("id");
                if (id.isTextual()) {
                    Integer first = seen.putIfAbsent(id.asText(), i);
                    if (first != null) {
                        out.add(new Problem(file, base + ".id", "duplicate exception id '" + id.asText() + "' (first at index " + first + ")",
                                "unique exception ids"));
                    }
                }
                JsonNode expires = ex.path("expires_at");
                // Shape errors are the schema's to report; this catches well-shaped but impossible dates.
                if (expires.isTextual() && RFC3339_SHAPE.matcher(expires.asText()).matches()) {
                    try {
                        OffsetDateTime.parse(expires.asText().toUpperCase(java.util.Locale.ROOT));
                    } catch (DateTimeParseException bad) {
                        out.add(new Problem(file, base + ".expires_at", "expires_at '" + expires.asText() + "' is not a valid date-time",
                                "an RFC 3339 date-time such as 2026-01-31T18:00:00Z"));
                    }
                }
            }
        }
        return out;
    }

    public static List<Problem> team(String file, JsonNode doc) {
        List<Problem> out = new ArrayList<>();
        if (!doc.isObject()) {
            return out;
        }
        JsonNode plugins = doc.path("enabled_plugins");
        if (plugins.isArray()) {
            for (int i = 0; i < plugins.size(); i++) {
                JsonNode p = plugins.get(i);
                if (p.isTextual() && !wellFormedRef(p.asText().trim())) {
                    out.add(new Problem(file, JsonPaths.index("$.enabled_plugins", i), "invalid plugin reference '" + p.asText() + "'",
                            "name@marketplace, @marketplace/name or a bare name"));
                }
            }
        }
        return out;
    }

    private static void checkPluginRefs(String file, JsonNode refs, String path, JsonNode marketplaces, List<Problem> out) {
        if (!refs.isArray()) {
            return;
        }
        int count = marketplaces.isObject() ? marketplaces.size() : 0;
        for (int i = 0; i < refs.size(); i++) {
            JsonNode n = refs.get(i);
            if (!n.isTextual()) {
                continue;
            }
            String ref = n.asText().trim();
            String at = JsonPaths.index(path, i);
            if (!wellFormedRef(ref)) {
                out.add(new Problem(file, at, "invalid plugin reference '" + n.asText() + "'", "name@marketplace or a bare name"));
            } else if (!ref.contains("@") && count >= 2) {
                out.add(new Problem(file, at, "plugin '" + ref + "' has no marketplace and the org defines " + count + " marketplaces",
                        "name@marketplace with one of: " + names(marketplaces)));
            }
        }
    }

    // The reference's normalize_plugin rules: "@mkt/name", "name@mkt" (split on the first '@', both
    // parts non-empty) or a bare name; empty refs and "@@" are invalid.
    private static boolean wellFormedRef(String ref) {
        if (ref.isEmpty() || ref.contains("@@")) {
            return false;
        }
        if (ref.startsWith("@")) {
            int slash = ref.indexOf('/');
            return slash > 1 && slash < ref.length() - 1;
        }
        int at = ref.indexOf('@');
        return at < 0 || (at > 0 && at < ref.length() - 1);
    }

    private static void checkDuplicateServers(String file, JsonNode servers, String path, List<Problem> out) {
        if (!servers.isArray()) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            JsonNode name = servers.get(i).path("name");
            if (!name.isTextual()) {
                continue;
            }
            Integer first = seen.putIfAbsent(name.asText(), i);
            if (first != null) {
                out.add(new Problem(file, JsonPaths.index(path, i) + ".name",
                        "duplicate MCP server name '" + name.asText() + "' (first at index " + first + ")", "unique server names within a profile"));
            }
        }
    }

    private static void checkNames(String file, JsonNode refs, String path, JsonNode catalog, String what, List<Problem> out) {
        if (!refs.isArray()) {
            return;
        }
        for (int i = 0; i < refs.size(); i++) {
            JsonNode n = refs.get(i);
            if (n.isTextual() && !(catalog.isObject() && catalog.has(n.asText()))
                    && !("marketplace".equals(what) && IMPLICIT_MARKETPLACE.equals(n.asText()))) {
                out.add(new Problem(file, JsonPaths.index(path, i), what + " '" + n.asText() + "' is not defined",
                        catalog.isObject() && catalog.size() > 0 ? "one of: " + names(catalog) : "a " + what + " defined in this document"));
            }
        }
    }

    private static String names(JsonNode obj) {
        if (!obj.isObject() || obj.isEmpty()) {
            return "(none defined)";
        }
        List<String> names = new ArrayList<>();
        obj.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return String.join(", ", names);
    }

    /** Broker destinations name declared credentials, and names and routes are unique. */
    private static void checkBroker(String file, JsonNode broker, List<Problem> out) {
        JsonNode destinations = broker.path("destinations");
        if (!destinations.isArray()) {
            return;
        }
        JsonNode credentials = broker.path("credentials");
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> routes = new HashMap<>();
        for (int i = 0; i < destinations.size(); i++) {
            JsonNode d = destinations.get(i);
            String base = JsonPaths.index("$.broker.destinations", i);
            JsonNode cred = d.path("credential");
            if (cred.isTextual() && !credentials.has(cred.asText())) {
                out.add(new Problem(file, base + ".credential", "credential '" + cred.asText()
                        + "' is not declared under broker.credentials", "one of: " + names(credentials)));
            }
            JsonNode name = d.path("name");
            if (name.isTextual()) {
                Integer first = names.putIfAbsent(name.asText(), i);
                if (first != null) {
                    out.add(new Problem(file, base + ".name", "destination name '" + name.asText()
                            + "' is already used by $.broker.destinations[" + first + "]", "a unique name"));
                }
            }
            String route = d.path("type").asText("") + ":" + d.path("provider").asText(d.path("host").asText(
                    d.path("upstream").asText("")));
            if (!route.endsWith(":")) {
                Integer first = routes.putIfAbsent(route, i);
                if (first != null) {
                    out.add(new Problem(file, base, "destination brokers the same " + d.path("type").asText()
                            + " endpoint as $.broker.destinations[" + first + "]", "one destination per endpoint"));
                }
            }
        }
    }
}
