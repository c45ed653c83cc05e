package dev.scc.policy.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.merge.AppliedException;
import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.MergeDecision;
import dev.scc.core.merge.DeniedAddition;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.IgnoredPolicyChange;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.McpServer;
import java.util.Map;

/**
 * The {@code data} of {@code scc config explain --json}, as {@code governance.md} specifies. Key order is fixed
 * and every list keeps the merge's deterministic order, so equal merges serialise byte-identically.
 */
public final class ExplainJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ExplainJson() {}

    /** The full {@code data} object for an org that brokers no credential for the team. */
    public static ObjectNode data(EffectiveConfig e) {
        return data(e, false);
    }

    /**
     * The full {@code data} object.
     *
     * @param brokered whether the org's credential broker serves the team (see {@link Enforcement#table(EffectiveConfig, boolean)})
     */
    public static ObjectNode data(EffectiveConfig e, boolean brokered) {
        ObjectNode d = F.objectNode();
        ObjectNode org = d.putObject("organization");
        org.put("name", e.organization().name());
        org.put("id", e.organization().id());
        if (e.team().isEmpty()) {
            d.putNull("team"); // the org baseline: no team selected
        } else {
            d.put("team", e.team());
        }
        if (e.provider().isPresent()) {
            d.put("provider", e.provider().get().id());
        } else {
            d.putNull("provider");
        }
        ArrayNode enforcement = d.putArray("enforcement");
        for (Enforcement.Row r : Enforcement.table(e, brokered)) {
            ObjectNode row = enforcement.addObject();
            row.put("surface", r.surface());
            row.put("status", r.status().label());
            row.put("detail", r.detail());
        }
        d.set("effective", effective(e));
        ArrayNode decisions = d.putArray("decisions");
        for (MergeDecision x : e.decisions()) {
            ObjectNode o = decisions.addObject();
            o.put("field", x.field());
            o.put("value", x.value());
            o.put("reason", x.reason());
            o.put("source", x.source());
            x.exceptionId().ifPresent(id -> o.put("exception_id", id));
            x.expiresAt().ifPresent(t -> o.put("expires_at", t));
        }
        ArrayNode blocked = d.putArray("blocked_items");
        for (BlockedItem b : e.blockedItems()) {
            ObjectNode o = blocked.addObject();
            o.put("item", b.item());
            o.put("blocked_by", b.blockedBy());
            o.put("source", b.source());
            o.put("target_type", b.targetType().wire());
        }
        ArrayNode denied = d.putArray("denied_additions");
        for (DeniedAddition x : e.deniedAdditions()) {
            ObjectNode o = denied.addObject();
            o.put("item", x.item());
            o.put("requested_by", x.requestedBy());
            o.put("reason", x.reason());
            o.put("target_type", x.targetType().wire());
        }
        ArrayNode ignored = d.putArray("ignored_policy_changes");
        for (IgnoredPolicyChange x : e.ignoredPolicyChanges()) {
            ObjectNode o = ignored.addObject();
            o.put("field", x.field());
            o.put("requested_value", x.requestedValue());
            o.put("effective_value", x.effectiveValue());
            o.put("source", x.source());
            o.put("reason", x.reason());
        }
        ArrayNode exceptions = d.putArray("exceptions");
        for (AppliedException x : e.appliedExceptions()) {
            ObjectNode o = exceptions.addObject();
            o.put("id", x.id());
            o.put("scope", x.scope());
            o.put("source", x.source());
            o.put("item", x.item());
            o.put("target_type", x.targetType().wire());
            o.put("reason", x.reason());
            o.put("expires_at", x.expiresAt());
        }
        ArrayNode warnings = d.putArray("warnings");
        e.warnings().forEach(warnings::add);
        return d;
    }

    /** The {@code effective} object alone (also what {@code --field} selects from). */
    public static ObjectNode effective(EffectiveConfig e) {
        ObjectNode eff = F.objectNode();
        ArrayNode plugins = eff.putArray("plugins");
        e.pluginRefs().forEach(plugins::add);
        ArrayNode servers = eff.putArray("mcp_servers");
        for (EffectiveConfig.SourcedMcpServer s : e.mcpServers()) {
            servers.add(mcp(s.server(), s.source()));
        }
        if (e.networkPolicy().isPresent()) {
            eff.put("network_policy", e.networkPolicy().map(NetworkPosture::id).get());
        } else {
            eff.putNull("network_policy");
        }
        ArrayNode sets = eff.putArray("destination_sets");
        e.destinationSets().forEach(sets::add);
        ArrayNode hosts = eff.putArray("destinations");
        e.destinations().forEach(hosts::add);
        ObjectNode session = eff.putObject("session");
        putOptional(session, "timeout_hours", e.session().timeoutHours().map(F::numberNode).orElse(null));
        putOptional(session, "auto_resume", e.session().autoResume().map(F::booleanNode).orElse(null));
        eff.set("dev_environment_commands", actions(e.devEnvironment().commands()));
        eff.set("dev_environment_logs", actions(e.devEnvironment().logs()));
        eff.set("dev_environment_health_checks", actions(e.devEnvironment().healthChecks()));
        ArrayNode providers = eff.putArray("allowed_providers");
        e.allowedProviders().forEach(providers::add);
        ArrayNode markets = eff.putArray("marketplaces");
        e.marketplaces().forEach((name, src) -> markets.addObject().put("name", name).put("source", src.kind()));
        ArrayNode bundles = eff.putArray("bundles");
        for (EffectiveConfig.EnabledBundle b : e.bundles()) {
            ObjectNode o = bundles.addObject();
            o.put("name", b.name());
            o.put("install_intent", b.installIntent().wire());
            ArrayNode arts = o.putArray("artifacts");
            b.artifacts().forEach(a -> arts.addObject().put("name", a.name()).put("kind", a.kind().wire())
                    .put("install_intent", a.installIntent().wire()));
        }
        eff.set("rules", rules(e));
        ArrayNode protection = eff.putArray("workspace_protection");
        for (dev.scc.core.merge.ProtectedPath p : e.workspaceProtection()) {
            protection.addObject().put("path", p.path()).put("mode", p.mode().id()).put("source", p.source());
        }
        return eff;
    }

    /** The effective action rules with their origin: built-in packs as switched, org, delegated team and project rules. */
    private static ArrayNode rules(EffectiveConfig e) {
        ArrayNode out = F.arrayNode();
        for (dev.scc.safety.rules.ActionRule r : e.rules().rules()) {
            ObjectNode o = out.addObject();
            o.put("id", r.id());
            o.put("decision", r.decision().policyWord());
            o.put("origin", r.origin().label());
            o.put("file", r.origin().file());
            o.put("enforce", r.enforce());
            ObjectNode match = o.putObject("match");
            if (r.match().analysed()) {
                match.put("analysed", "the safety engine's " + r.origin().name() + " grammar");
            }
            for (dev.scc.safety.rules.ActionKind k : r.match().kinds()) {
                ArrayNode ps = match.putArray(k.key());
                r.match().patterns().stream().filter(p -> p.kind() == k).forEach(p -> ps.add(p.text()));
            }
            o.put("reason", r.reason());
            if (!r.match().analysed()) {
                o.put("native_deny", dev.scc.core.plan.OrgRuleDenials.hasNativeDenial(r));
                putOptional(o, "hook_only", dev.scc.core.plan.OrgRuleDenials.hookOnly(r).map(F::textNode).orElse(null));
            }
        }
        return out;
    }

    private static void putOptional(ObjectNode o, String key, JsonNode value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.set(key, value);
        }
    }

    private static ObjectNode mcp(McpServer s, String source) {
        ObjectNode o = F.objectNode();
        o.put("name", s.name());
        o.put("type", s.type());
        s.url().ifPresent(u -> o.put("url", u));
        s.command().ifPresent(c -> o.put("command", c));
        if (!s.args().isEmpty()) {
            ArrayNode a = o.putArray("args");
            s.args().forEach(a::add);
        }
        if (!s.env().isEmpty()) {
            ObjectNode env = o.putObject("env");
            s.env().forEach(env::put);
        }
        if (!s.headers().isEmpty()) {
            // Header values often hold ${VAR} token references; show names only so explain output is safe to share.
            ArrayNode h = o.putArray("header_names");
            s.headers().keySet().forEach(h::add);
        }
        o.put("source", source);
        return o;
    }

    private static ArrayNode actions(Map<String, DevEnvironment.DevAction> actions) {
        ArrayNode out = F.arrayNode();
        for (DevEnvironment.DevAction a : actions.values()) {
            ObjectNode o = out.addObject();
            o.put("name", a.name());
            ArrayNode argv = o.putArray("argv");
            a.argv().forEach(argv::add);
            o.put("working_directory", a.workingDirectory());
            o.put("timeout_seconds", a.timeoutSeconds());
            o.put("description", a.description());
        }
        return out;
    }
}
