package dev.scc.policy.document;

import static dev.scc.policy.document.Nodes.bool;
import static dev.scc.policy.document.Nodes.integer;
import static dev.scc.policy.document.Nodes.number;
import static dev.scc.policy.document.Nodes.object;
import static dev.scc.policy.document.Nodes.optionalStrings;
import static dev.scc.policy.document.Nodes.path;
import static dev.scc.policy.document.Nodes.string;
import static dev.scc.policy.document.Nodes.stringMap;
import static dev.scc.policy.document.Nodes.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.core.model.ConfigSource;
import dev.scc.core.model.Defaults;
import dev.scc.core.model.Delegation;
import dev.scc.core.model.DestinationSet;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.DevEnvironment.DevAction;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.SandboxSettings;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.TrustGrant;
import dev.scc.core.model.UserConfig;
import dev.scc.safety.rules.ActionRule;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleCodec;
import dev.scc.safety.rules.RuleDocumentException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps document trees to model records. Org and team trees must already have passed the shipped JSON Schema;
 * anything of the wrong shape still fails with a {@link ShapeException} naming the path, never anything else.
 */
public final class PolicyDocuments {
    /** Keys the reference's {@code .scc.yaml} reader knows, plus our {@code destination_sets}. */
    public static final Set<String> PROJECT_KEYS = Set.of("additional_plugins", "additional_mcp_servers",
            "dev_environment", "network_policy", "session", "destination_sets", "rules", "workspace_protection");

    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The action rules under {@code key} of {@code n} (none when absent), read by the rule model (which runs every
     * rule's own tests); problems are added to {@code problems} with {@code file} and the key path.
     */
    private static List<ActionRule> rules(JsonNode n, String keyPath, Origin origin, List<RuleDocumentException.Problem> problems) {
        JsonNode node = n == null ? null : n.get("rules");
        if (node == null || node.isNull()) {
            return List.of();
        }
        try {
            return RuleCodec.read(PLAIN.convertValue(node, Object.class), origin.file(), keyPath, origin);
        } catch (RuleDocumentException e) {
            problems.addAll(e.problems());
            return List.of();
        }
    }

    private static <T> T requireNoRuleProblems(T value, List<RuleDocumentException.Problem> problems) {
        if (!problems.isEmpty()) {
            throw new RuleDocumentException(problems);
        }
        return value;
    }

    private PolicyDocuments() {}

    // ---- org ---------------------------------------------------------------------------------------------

    /** An org config tree ({@code org-v1}). */
    public static OrgConfig org(JsonNode root) {
        return org(root, "");
    }

    /**
     * An org config tree ({@code org-v1}) read from {@code file} (named in rule origins and errors).
     *
     * @throws RuleDocumentException when action rules (the org's or a profile's) do not load
     */
    public static OrgConfig org(JsonNode root, String file) {
        requireObject(root, "$");
        List<RuleDocumentException.Problem> problems = new ArrayList<>();
        JsonNode orgNode = object(root, "organization", "$");
        if (orgNode == null) {
            throw new ShapeException("$.organization", "an object with name and id");
        }
        OrgConfig.Organization organization = new OrgConfig.Organization(
                string(orgNode, "name", "$.organization", ""), string(orgNode, "id", "$.organization", ""),
                string(orgNode, "contact", "$.organization"));
        OrgConfig org = new OrgConfig(
                string(root, "schema_version", "$", ""),
                string(root, "min_cli_version", "$"),
                organization,
                marketplaces(object(root, "marketplaces", "$"), "$.marketplaces"),
                security(object(root, "security", "$")),
                defaults(object(root, "defaults", "$")),
                delegation(object(root, "delegation", "$")),
                profiles(object(root, "profiles", "$"), file, problems),
                destinationSets(object(root, "destination_sets", "$")),
                exceptions(root.get("exceptions")),
                governedArtifacts(object(root, "governed_artifacts", "$")),
                rules(root, "rules", new Origin(Origin.Layer.ORG, "", file), problems));
        return requireNoRuleProblems(org, problems);
    }

    private static void requireObject(JsonNode n, String at) {
        if (n == null || !n.isObject()) {
            throw new ShapeException(at, "an object (the document root)");
        }
    }

    private static Map<String, MarketplaceSource> marketplaces(JsonNode n, String at) {
        Map<String, MarketplaceSource> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> out.put(e.getKey(), marketplace(e.getValue(), path(at, e.getKey()))));
        return out;
    }

    private static MarketplaceSource marketplace(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new ShapeException(at, "a marketplace source object");
        }
        String source = string(n, "source", at, "");
        switch (source) {
            case "github":
                return new MarketplaceSource.Github(string(n, "owner", at, ""), string(n, "repo", at, ""),
                        string(n, "branch", at, "main"), string(n, "path", at, "/"), stringMap(n, "headers", at));
            case "git":
                return new MarketplaceSource.Git(string(n, "url", at, ""), string(n, "branch", at, "main"),
                        string(n, "path", at, "/"));
            case "url":
                return new MarketplaceSource.Url(string(n, "url", at, ""), stringMap(n, "headers", at),
                        string(n, "materialization_mode", at, "self_contained"));
            case "directory":
                return new MarketplaceSource.Directory(string(n, "path", at, ""));
            default:
                throw new ShapeException(at + ".source", "one of github, git, url, directory");
        }
    }

    private static Security security(JsonNode n) {
        if (n == null) {
            return Security.NONE;
        }
        String at = "$.security";
        JsonNode safety = object(n, "safety_net", at);
        @SuppressWarnings("unchecked")
        Optional<Map<String, Object>> safetyNet =
                Optional.ofNullable(safety).map(s -> (Map<String, Object>) Nodes.plain(s));
        Map<String, String> protection = protection(n, at, "", Optional.of(Set.of("read-only", "review", "off")))
                .modes();
        return new Security(strings(n, "blocked_plugins", at), strings(n, "blocked_mcp_servers", at),
                strings(n, "blocked_base_images", at), bool(n, "allow_stdio_mcp", at).orElse(false),
                strings(n, "allowed_stdio_prefixes", at), safetyNet, protection);
    }

    /**
     * A {@code workspace_protection} object under {@code parent}: every key a workspace-relative path (no absolute
     * path, no {@code .} or {@code ..} segment, nothing that could name a file outside the workspace) and every value
     * a string; where {@code modes} is given, one of them (the org and the project: a load error), otherwise any
     * string (a team layer: the merge reports an unknown mode instead of applying it, as it does a team's
     * network_policy).
     */
    private static dev.scc.core.model.WorkspaceProtectionChoices protection(JsonNode parent, String at, String file,
            Optional<Set<String>> modes) {
        Map<String, String> out = new java.util.TreeMap<>();
        String keyPath = path(at, "workspace_protection");
        JsonNode wp = object(parent, "workspace_protection", at);
        if (wp != null) {
            wp.fields().forEachRemaining(f -> {
                String p = keyPath + "['" + f.getKey() + "']";
                try {
                    dev.scc.core.runtime.WorkspaceProtection.checkPath(f.getKey());
                } catch (IllegalArgumentException e) {
                    throw new ShapeException(p, "a workspace-relative path (" + e.getMessage() + ")");
                }
                if (!f.getValue().isTextual()) {
                    throw new ShapeException(p, "a mode string: read-only, review or off");
                }
                if (modes.isPresent() && !modes.get().contains(f.getValue().asText())) {
                    throw new ShapeException(p, "one of read-only, review, off (not '" + f.getValue().asText() + "')");
                }
                out.put(f.getKey(), f.getValue().asText());
            });
        }
        return new dev.scc.core.model.WorkspaceProtectionChoices(file, keyPath.startsWith("$.") ? keyPath.substring(2)
                : keyPath.substring(1), out);
    }

    private static Defaults defaults(JsonNode n) {
        if (n == null) {
            return Defaults.NONE;
        }
        String at = "$.defaults";
        JsonNode sandbox = object(n, "sandbox", at);
        SandboxSettings sb = sandbox == null ? SandboxSettings.NONE
                : new SandboxSettings(string(sandbox, "base_image", at + ".sandbox"),
                        string(sandbox, "memory", at + ".sandbox"), number(sandbox, "cpus", at + ".sandbox"),
                        integer(sandbox, "pids_limit", at + ".sandbox"));
        return new Defaults(strings(n, "enabled_plugins", at), strings(n, "disabled_plugins", at),
                optionalStrings(n, "allowed_plugins", at), optionalStrings(n, "allowed_mcp_servers", at),
                strings(n, "extra_marketplaces", at), integer(n, "cache_ttl_hours", at).orElse(24),
                string(n, "network_policy", at), session(object(n, "session", at), at + ".session"),
                devEnvironment(object(n, "dev_environment", at), at + ".dev_environment"),
                optionalStrings(n, "allowed_providers", at), strings(n, "destination_sets", at),
                integer(n, "max_stale_hours", at), sb);
    }

    private static SessionSettings session(JsonNode n, String at) {
        if (n == null) {
            return SessionSettings.NONE;
        }
        return new SessionSettings(integer(n, "timeout_hours", at), bool(n, "auto_resume", at));
    }

    private static DevEnvironment devEnvironment(JsonNode n, String at) {
        if (n == null) {
            return DevEnvironment.NONE;
        }
        return new DevEnvironment(actions(object(n, "commands", at), at + ".commands"),
                actions(object(n, "logs", at), at + ".logs"), actions(object(n, "health_checks", at), at + ".health_checks"));
    }

    private static Map<String, DevAction> actions(JsonNode n, String at) {
        Map<String, DevAction> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> {
            String p = path(at, e.getKey());
            JsonNode a = e.getValue();
            if (!a.isObject()) {
                throw new ShapeException(p, "an object with argv");
            }
            List<String> argv = strings(a, "argv", p);
            if (argv.isEmpty() || argv.stream().anyMatch(String::isEmpty)) {
                throw new ShapeException(p + ".argv", "a non-empty list of non-empty strings");
            }
            String wd = string(a, "working_directory", p, ".");
            if (wd.isEmpty()) {
                throw new ShapeException(p + ".working_directory", "a non-empty string");
            }
            int timeout = integer(a, "timeout_seconds", p).orElse(120);
            if (timeout < 1) {
                throw new ShapeException(p + ".timeout_seconds", "an integer >= 1");
            }
            out.put(e.getKey(), new DevAction(e.getKey(), argv, wd, timeout, string(a, "description", p, "")));
        });
        return out;
    }

    private static Delegation delegation(JsonNode n) {
        if (n == null) {
            return Delegation.NONE;
        }
        JsonNode teams = object(n, "teams", "$.delegation");
        JsonNode projects = object(n, "projects", "$.delegation");
        String t = "$.delegation.teams";
        return new Delegation(
                teams == null ? List.of() : strings(teams, "allow_additional_plugins", t),
                teams == null ? List.of() : strings(teams, "allow_additional_mcp_servers", t),
                teams == null ? List.of() : strings(teams, "allow_dev_environment_commands", t),
                teams == null ? List.of() : strings(teams, "allow_destination_sets", t),
                projects != null && bool(projects, "inherit_team_delegation", "$.delegation.projects").orElse(false),
                teams == null ? List.of() : strings(teams, "allow_rules", t),
                teams == null ? List.of() : strings(teams, "allow_workspace_protection", t));
    }

    private static Map<String, TeamProfile> profiles(JsonNode n, String file, List<RuleDocumentException.Problem> problems) {
        Map<String, TeamProfile> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> out.put(e.getKey(), profile(e.getKey(), e.getValue(),
                path("$.profiles", e.getKey()), file, problems)));
        return out;
    }

    private static TeamProfile profile(String name, JsonNode n, String at, String file,
            List<RuleDocumentException.Problem> problems) {
        if (!n.isObject()) {
            throw new ShapeException(at, "a team profile object");
        }
        JsonNode delegation = object(n, "delegation", at);
        JsonNode trust = object(n, "trust", at);
        JsonNode source = object(n, "config_source", at);
        return new TeamProfile(name, string(n, "description", at, ""), strings(n, "additional_plugins", at),
                mcpServers(n.get("additional_mcp_servers"), path(at, "additional_mcp_servers")),
                string(n, "network_policy", at), session(object(n, "session", at), at + ".session"),
                devEnvironment(object(n, "dev_environment", at), at + ".dev_environment"),
                delegation != null && bool(delegation, "allow_project_overrides", at + ".delegation").orElse(false),
                Optional.ofNullable(source).map(s -> configSource(s, at + ".config_source")),
                Optional.ofNullable(trust).map(tr -> new TrustGrant(
                        bool(tr, "inherit_org_marketplaces", at + ".trust").orElse(true),
                        bool(tr, "allow_additional_marketplaces", at + ".trust").orElse(false),
                        strings(tr, "marketplace_source_patterns", at + ".trust"))),
                strings(n, "enabled_bundles", at), optionalStrings(n, "allowed_providers", at),
                strings(n, "destination_sets", at),
                rules(n, at.substring(2) + ".rules", new Origin(Origin.Layer.TEAM, name, file), problems),
                protection(n, at, file, Optional.empty()));
    }

    /** A team profile's {@code config_source} object. */
    public static ConfigSource configSource(JsonNode n, String at) {
        String source = string(n, "source", at, "");
        switch (source) {
            case "github":
                return new ConfigSource.Github(string(n, "owner", at, ""), string(n, "repo", at, ""),
                        string(n, "branch", at, "main"), string(n, "path", at, ""), stringMap(n, "headers", at));
            case "git":
                return new ConfigSource.Git(string(n, "url", at, ""), string(n, "branch", at, "main"),
                        string(n, "path", at, ""));
            case "url":
                return new ConfigSource.Url(string(n, "url", at, ""), stringMap(n, "headers", at));
            case "file":
                return new ConfigSource.File(string(n, "path", at, ""));
            default:
                throw new ShapeException(at + ".source", "one of github, git, url, file");
        }
    }

    static List<McpServer> mcpServers(JsonNode n, String at) {
        List<McpServer> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new ShapeException(at, "a list of MCP server objects");
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode s = n.get(i);
            String p = at + "[" + i + "]";
            if (!s.isObject()) {
                throw new ShapeException(p, "an MCP server object");
            }
            out.add(new McpServer(string(s, "name", p, ""), string(s, "type", p, "sse"), string(s, "url", p),
                    string(s, "command", p), strings(s, "args", p), stringMap(s, "env", p), stringMap(s, "headers", p)));
        }
        return out;
    }

    private static Map<String, DestinationSet> destinationSets(JsonNode n) {
        Map<String, DestinationSet> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> {
            String p = path("$.destination_sets", e.getKey());
            if (!e.getValue().isObject()) {
                throw new ShapeException(p, "an object with hosts");
            }
            out.put(e.getKey(), new DestinationSet(e.getKey(), string(e.getValue(), "description", p, ""),
                    strings(e.getValue(), "hosts", p)));
        });
        return out;
    }

    private static List<PolicyException> exceptions(JsonNode n) {
        List<PolicyException> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new ShapeException("$.exceptions", "a list of exception objects");
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String p = "$.exceptions[" + i + "]";
            if (!e.isObject()) {
                throw new ShapeException(p, "an exception object");
            }
            JsonNode allow = object(e, "allow", p);
            out.add(new PolicyException(string(e, "id", p, ""), string(e, "reason", p, ""),
                    allow == null ? List.of() : strings(allow, "plugins", p + ".allow"),
                    allow == null ? List.of() : strings(allow, "mcp_servers", p + ".allow"),
                    string(e, "expires_at", p, ""), optionalStrings(e, "teams", p), PolicyException.Scope.POLICY,
                    "org", allow == null ? List.of() : strings(allow, "rules", p + ".allow")));
        }
        return out;
    }

    private static GovernedArtifacts governedArtifacts(JsonNode n) {
        if (n == null) {
            return GovernedArtifacts.NONE;
        }
        String at = "$.governed_artifacts";
        JsonNode topBindings = object(n, "bindings", at);
        Map<String, GovernedArtifacts.Artifact> artifacts = new LinkedHashMap<>();
        JsonNode arts = object(n, "artifacts", at);
        if (arts != null) {
            arts.fields().forEachRemaining(e -> artifacts.put(e.getKey(),
                    artifact(e.getKey(), e.getValue(), path(at + ".artifacts", e.getKey()), topBindings)));
        }
        Map<String, GovernedArtifacts.Bundle> bundles = new LinkedHashMap<>();
        JsonNode bs = object(n, "bundles", at);
        if (bs != null) {
            bs.fields().forEachRemaining(e -> {
                String p = path(at + ".bundles", e.getKey());
                JsonNode b = e.getValue();
                if (!b.isObject()) {
                    throw new ShapeException(p, "a bundle object");
                }
                List<String> members = b.has("artifacts") ? strings(b, "artifacts", p) : strings(b, "members", p);
                bundles.put(e.getKey(), new GovernedArtifacts.Bundle(e.getKey(), string(b, "description", p, ""),
                        members, GovernedArtifacts.InstallIntent.parse(string(b, "install_intent", p, "available"))));
            });
        }
        return new GovernedArtifacts(artifacts, bundles);
    }

    private static GovernedArtifacts.Artifact artifact(String name, JsonNode a, String at, JsonNode topBindings) {
        if (!a.isObject()) {
            throw new ShapeException(at, "an artifact object");
        }
        JsonNode source = object(a, "source", at);
        List<GovernedArtifacts.Binding> bindings = new ArrayList<>();
        if (topBindings != null && topBindings.has(name)) {
            JsonNode list = topBindings.get(name);
            String p = path("$.governed_artifacts.bindings", name);
            if (!list.isArray()) {
                throw new ShapeException(p, "a list of bindings");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode b = list.get(i);
                String bp = p + "[" + i + "]";
                bindings.add(new GovernedArtifacts.Binding(string(b, "provider", bp, ""), string(b, "native_ref", bp),
                        stringMap(b, "native_config", bp), string(b, "transport_type", bp)));
            }
        }
        JsonNode nested = object(a, "bindings", at);
        if (nested != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = nested.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String bp = path(at + ".bindings", e.getKey());
                Map<String, String> config = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("transport_type") && !f.getKey().equals("native_ref")) {
                        config.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
                    }
                });
                bindings.add(new GovernedArtifacts.Binding(e.getKey(), string(e.getValue(), "native_ref", bp), config,
                        string(e.getValue(), "transport_type", bp)));
            }
        }
        String sp = at + ".source";
        return new GovernedArtifacts.Artifact(name,
                GovernedArtifacts.Kind.parse(string(a, "kind", at, "native_integration")), string(a, "version", at),
                string(a, "publisher", at), bool(a, "pinned", at).orElse(false),
                source != null ? string(source, "type", sp) : string(a, "source_type", at),
                source != null ? string(source, "url", sp) : string(a, "source_url", at),
                source != null ? string(source, "path", sp) : string(a, "source_path", at),
                source != null ? string(source, "ref", sp) : string(a, "source_ref", at),
                GovernedArtifacts.InstallIntent.parse(string(a, "install_intent", at, "available")), bindings);
    }

    // ---- team config -------------------------------------------------------------------------------------

    /** A federated team config tree ({@code team-config.v1}); {@code $schema} is accepted and ignored. */
    public static TeamConfig team(JsonNode root) {
        return team(root, "");
    }

    /**
     * A federated team config tree read from {@code file}.
     *
     * @throws RuleDocumentException when its action rules do not load
     */
    public static TeamConfig team(JsonNode root, String file) {
        requireObject(root, "$");
        List<RuleDocumentException.Problem> problems = new ArrayList<>();
        TeamConfig t = new TeamConfig(string(root, "schema_version", "$", ""), strings(root, "enabled_plugins", "$"),
                strings(root, "disabled_plugins", "$"), marketplaces(object(root, "marketplaces", "$"), "$.marketplaces"),
                rules(root, "rules", new Origin(Origin.Layer.TEAM, "", file), problems),
                protection(root, "$", file, Optional.empty()));
        return requireNoRuleProblems(t, problems);
    }

    // ---- project -----------------------------------------------------------------------------------------

    /**
     * A {@code .scc.yaml} tree. A null/empty document is an empty project layer. Types are checked as the
     * reference does; unknown keys are kept for warnings.
     */
    public static ProjectConfig project(JsonNode root, String file) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return ProjectConfig.empty(file);
        }
        requireObject(root, "$");
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!PROJECT_KEYS.contains(k)) {
                unknown.add(k);
            }
        });
        unknown.sort(null);
        Optional<String> network = string(root, "network_policy", "$");
        network.ifPresent(v -> {
            if (!Set.of("open", "web-egress-enforced", "locked-down-web").contains(v)) {
                throw new ShapeException("$.network_policy", "one of open, web-egress-enforced, locked-down-web");
            }
        });
        List<RuleDocumentException.Problem> problems = new ArrayList<>();
        ProjectConfig p = new ProjectConfig(file, strings(root, "additional_plugins", "$"),
                mcpServers(root.get("additional_mcp_servers"), "$.additional_mcp_servers"),
                devEnvironment(object(root, "dev_environment", "$"), "$.dev_environment"), network,
                session(object(root, "session", "$"), "$.session"), optionalStrings(root, "destination_sets", "$"),
                unknown, rules(root, "rules", new Origin(Origin.Layer.PROJECT, "", file), problems),
                protection(root, "$", file, Optional.of(Set.of("read-only", "review", "off"))));
        return requireNoRuleProblems(p, problems);
    }

    // ---- user --------------------------------------------------------------------------------------------

    /** The user config ({@code $XDG_CONFIG_HOME/scc/config.json}); unknown keys are ignored (it is advisory). */
    public static UserConfig user(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return UserConfig.NONE;
        }
        requireObject(root, "$");
        JsonNode src = root.get("organization_source");
        Optional<String> orgSource = Optional.empty();
        if (src != null && src.isObject()) {
            orgSource = string(src, "url", "$.organization_source");
        } else if (src != null && src.isTextual()) {
            orgSource = Optional.of(src.asText());
        }
        return new UserConfig(orgSource, string(root, "selected_profile", "$"), string(root, "selected_provider", "$"),
                bool(root, "standalone", "$").orElse(false), stringMap(root, "workspace_team_map", "$"),
                string(root, "network_policy", "$"), optionalStrings(root, "destination_sets", "$"));
    }
}
