package dev.scc.cli.commands.config;

import dev.scc.app.governance.Governance;
import dev.scc.core.merge.AppliedException;
import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.DeniedAddition;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.IgnoredPolicyChange;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.DevEnvironment;
import dev.scc.policy.explain.Enforcement;
import java.io.PrintWriter;
import java.util.Map;

/** The person-readable view of {@code scc config explain}: sections in a fixed order, fix-its for refusals. */
final class ExplainText {
    private final PrintWriter out;
    private final Governance.Resolved r;
    private final EffectiveConfig e;
    private final String field;
    /** The org and team flags the explain was given, repeated in fix hints so they run as printed. */
    private final String context;

    ExplainText(PrintWriter out, Governance.Resolved r, String field, String context) {
        this.out = out;
        this.context = context;
        this.r = r;
        this.e = r.effective();
        this.field = field;
    }

    void print() {
        if (field == null) {
            out.printf("Organization: %s (%s)%n", e.organization().name(), e.organization().id());
            out.printf("Team:         %s%n", e.team().isEmpty() ? "(none: the org baseline; pass --team NAME)" : e.team());
            out.printf("Provider:     %s%n", e.provider().map(p -> p.id())
                    .orElse("(none given: pass --provider to add its core destinations and check it is allowed)"));
            out.printf("Org config:   %s%n", r.org().file());
            r.projectFile().ifPresent(p -> out.printf("Project:      %s%s%n", p, r.project().isPresent() ? "" : " (not found)"));
        }
        if (show("enforcement")) {
            section("Enforcement Status");
            boolean brokered = !ConfigExplainCommand.brokered(r).isEmpty();
            int width = Enforcement.table(e, brokered).stream().mapToInt(x -> x.surface().length()).max().orElse(10);
            for (Enforcement.Row row : Enforcement.table(e, brokered)) {
                out.printf("  %-" + width + "s  %-18s  %s%n", row.surface(), row.status().label(), row.detail());
            }
        }
        if (show("brokered")) {
            section("Brokered Credentials");
            dev.scc.broker.config.BrokerExplain.lines(ConfigExplainCommand.brokered(r)).forEach(out::println);
        }
        if (show("providers")) {
            section("Providers");
            out.println("  allowed: " + (e.allowedProviders().isEmpty() ? "(none)" : String.join(", ", e.allowedProviders())));
            e.providerRefusal().ifPresent(x -> out.println("  REFUSED: " + x));
        }
        if (show("plugins")) {
            section("Plugins");
            if (e.plugins().isEmpty()) {
                out.println("  (none)");
            }
            e.plugins().forEach(p -> out.printf("  %s  (from %s)%n", p.ref(), p.source()));
        }
        if (show("mcp_servers")) {
            section("MCP Servers");
            if (e.mcpServers().isEmpty()) {
                out.println("  (none)");
            }
            for (EffectiveConfig.SourcedMcpServer s : e.mcpServers()) {
                String where = s.server().url().orElse(s.server().command().orElse(""));
                out.printf("  %s  [%s] %s  (from %s)%n", s.server().name(), s.server().type(), where, s.source());
            }
        }
        if (show("network")) {
            section("Network Policy");
            out.println("  " + e.networkPolicy().map(NetworkPosture::id).orElse("open (default: no layer set one)"));
            if (e.posture() == NetworkPosture.WEB_EGRESS_ENFORCED) {
                out.println("  destination sets: " + (e.destinationSets().isEmpty() ? "(none)" : String.join(", ", e.destinationSets())));
                out.println("  allowed hosts:    " + (e.destinations().isEmpty() ? "(none)" : String.join(", ", e.destinations())));
            }
        }
        if (show("workspace_protection")) {
            section("Workspace Protection");
            for (dev.scc.core.merge.ProtectedPath p : e.workspaceProtection()) {
                out.printf("  %-9s %s  (from %s)%n", p.mode().id(), p.path(), p.source());
            }
        }
        if (show("session")) {
            section("Session Config");
            out.println("  timeout_hours: " + e.session().timeoutHours().map(String::valueOf).orElse("8 (default)"));
            out.println("  auto_resume:   " + e.session().autoResume().map(String::valueOf).orElse("(unset)") + " (advisory)");
        }
        if (show("dev_environment")) {
            DevEnvironment d = e.devEnvironment();
            if (!d.commands().isEmpty() || !d.logs().isEmpty() || !d.healthChecks().isEmpty() || field != null) {
                section("Dev Environment");
                for (DevEnvironment.Section s : DevEnvironment.Section.values()) {
                    for (Map.Entry<String, DevEnvironment.DevAction> a : d.section(s).entrySet()) {
                        out.printf("  %s %s: %s%n", s.key(), a.getKey(), String.join(" ", a.getValue().argv()));
                    }
                }
            }
        }
        if (show("rules") && (e.rules().hasPatternRules() || field != null)) {
            section("Rules");
            for (dev.scc.safety.rules.ActionRule r : e.rules().rules()) {
                String match = r.match().analysed() ? "(" + r.origin().name() + " grammar)"
                        : r.match().patterns().stream().map(p -> p.kind().key() + " " + p.text()).collect(java.util.stream.Collectors.joining(", "));
                out.printf("  %-16s %s  %s  (from %s)%s%n", r.decision().policyWord(), r.id(), match, r.origin().label(),
                        r.enforce() ? "" : " [shadow]");
                if (!r.match().analysed()) {
                    boolean nat = dev.scc.core.plan.OrgRuleDenials.hasNativeDenial(r);
                    java.util.Optional<String> hookOnly = dev.scc.core.plan.OrgRuleDenials.hookOnly(r);
                    if (nat) {
                        out.printf("      native deny too (rendered into the agent's own deny rules)%s%n",
                                hookOnly.map(w -> "; hook only: " + w).orElse(""));
                    } else {
                        out.printf("      hook only: %s%n", hookOnly.orElse("no native form"));
                    }
                }
            }
        }
        if (show("ignored") && (!e.ignoredPolicyChanges().isEmpty() || field != null)) {
            section("Ignored Policy Changes");
            for (IgnoredPolicyChange c : e.ignoredPolicyChanges()) {
                out.printf("  %s = %s  (from %s): %s%n", c.field(), c.requestedValue(), c.source(), c.reason());
            }
        }
        if (show("blocked") && (!e.blockedItems().isEmpty() || field != null)) {
            section("Blocked Items");
            for (BlockedItem b : e.blockedItems()) {
                out.printf("  %s %s  blocked by '%s' (%s)%n", b.targetType().wire(), b.item(), b.blockedBy(), b.source());
            }
            if (!e.blockedItems().isEmpty()) {
                out.println("  Fix: a security block can only change in the org config (security.blocked_*); ask the org admins.");
            }
        }
        if (show("denied") && (!e.deniedAdditions().isEmpty() || field != null)) {
            section("Denied Additions");
            for (DeniedAddition d : e.deniedAdditions()) {
                out.printf("  %s %s  requested by %s: %s%n", d.targetType().wire(), d.item(), d.requestedBy(), d.reason());
            }
            e.deniedAdditions().stream().filter(d -> d.targetType() == TargetType.PLUGIN || d.targetType() == TargetType.MCP_SERVER)
                    .findFirst().ifPresent(d -> out.printf(
                            "  Fix: scc unblock %s --ttl 8h --reason \"...\"%s  (local override, at most 24h)%n"
                                    + "       or ask the org for an exception: exceptions: [{id, reason, allow, expires_at}]%n",
                            d.item(), context));
        }
        if (show("exceptions") && (!e.appliedExceptions().isEmpty() || field != null)) {
            section("Active Exceptions");
            for (AppliedException x : e.appliedExceptions()) {
                out.printf("  [%s] %s  %s %s  until %s%n", x.scope(), x.id(), x.targetType().wire(), x.item(), x.expiresAt());
            }
        }
        if (field != null && field.equals("decisions")) {
            section("Decisions");
            e.decisions().forEach(d -> out.printf("  %s = %s  (%s): %s%n", d.field(), d.value(), d.source(), d.reason()));
        }
        if (show("warnings") && !r.warnings().isEmpty()) {
            section("Warnings");
            r.warnings().forEach(w -> out.println("  " + w));
        }
        out.flush();
    }

    private boolean show(String name) {
        if (field == null) {
            return true;
        }
        String f = field.equals("network_policy") || field.equals("destinations") || field.equals("destination_sets")
                ? "network" : field;
        return f.equals(name);
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }
}
