package dev.scc.policy.explain;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.model.NetworkPosture;
import java.util.ArrayList;
import java.util.List;

/**
 * How far SCC enforces each surface, so nobody mistakes an advisory setting or a speed bump for a boundary. A
 * boundary holds against a hostile agent that knows how SCC works (the container, the network topology, data the
 * agent cannot reach); a speed bump stops a careless agent with a clear reason but can be stepped around (wrappers,
 * hooks, the agent CLI's own settings). See docs/runtime-guide.md "Boundaries and speed bumps".
 */
public final class Enforcement {
    private Enforcement() {}

    /** One row of the table. */
    public record Row(String surface, Status status, String detail) {}

    /** The five levels. */
    public enum Status {
        ENFORCED_BOUNDARY("Enforced (boundary)"),
        ENFORCED_SPEED_BUMP("Enforced (speed bump)"),
        PARTIALLY_ENFORCED("Partially enforced"),
        ADVISORY("Advisory"),
        OUT_OF_SCOPE("Out of scope");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The table for one effective configuration whose org brokers no credential. */
    public static List<Row> table(EffectiveConfig e) {
        return table(e, false);
    }

    /**
     * The table for one effective configuration.
     *
     * @param brokered whether the org's credential broker serves this team (its {@code broker} section names
     *     destinations for it), which decides whether credentials and token budgets are a boundary
     */
    public static List<Row> table(EffectiveConfig e, boolean brokered) {
        List<Row> rows = new ArrayList<>();
        java.util.Optional<String> pluginGap = e.provider().flatMap(p -> p.pluginEnforcementGap());
        if (pluginGap.isPresent()) {
            // The provider enforces less than a managed per-plugin block, and says what is left.
            rows.add(new Row("Plugins", Status.PARTIALLY_ENFORCED, pluginGap.get()));
        } else {
            rows.add(new Row("Plugins", Status.ENFORCED_SPEED_BUMP, "rendered into managed settings; repo settings "
                    + "cannot enable blocked plugins (the agent CLI obeys them; code the agent runs itself does not)"));
        }
        rows.add(new Row("Marketplaces", Status.ENFORCED_SPEED_BUMP, "only effective marketplaces are rendered"));
        rows.add(new Row("MCP servers (org/team/project)", Status.ENFORCED_SPEED_BUMP, "gated, then rendered by SCC"));
        rows.add(new Row("MCP servers (repo .mcp.json)", Status.ADVISORY, "the agent may read them; SCC does not vet them"));
        rows.add(new Row("MCP servers (plugin-bundled)", Status.OUT_OF_SCOPE, "shipped inside plugins"));
        rows.add(new Row("Providers", Status.ENFORCED_BOUNDARY, "a disallowed provider is refused at launch"));
        NetworkPosture p = e.posture();
        rows.add(new Row("network_policy", p == NetworkPosture.OPEN ? Status.OUT_OF_SCOPE : Status.ENFORCED_BOUNDARY,
                p == NetworkPosture.OPEN ? "open: default bridge, no egress filtering, the host is reachable"
                : p == NetworkPosture.WEB_EGRESS_ENFORCED
                        ? "internal network with no address of the host on it (IPv4 gateway inhibited, agent IPv6 "
                                + "off), Squid allowlist of " + e.destinations().size() + " hosts"
                        : "--network=none"));
        rows.add(new Row("destination_sets", p == NetworkPosture.WEB_EGRESS_ENFORCED ? Status.ENFORCED_BOUNDARY
                : Status.OUT_OF_SCOPE, p == NetworkPosture.WEB_EGRESS_ENFORCED ? "compiled into the proxy ACL; names "
                        + "resolving to the host, private or special-purpose addresses are denied"
                        : "only used under web-egress-enforced"));
        rows.add(new Row("safety_net", Status.ENFORCED_SPEED_BUMP, "git and network-tool wrappers plus native hooks, "
                + "fail closed; an agent can run a real binary by another path, so destruction is undone by "
                + "checkpoints, not prevented"));
        workspaceProtection(e, rows);
        rows.add(new Row("Checkpoints", Status.ENFORCED_BOUNDARY, "taken on the host at launch and while attached, "
                + "stored outside every mount; 'scc restore' brings back every byte"));
        rows.add(new Row("Action rules (org, team, project)", Status.ENFORCED_SPEED_BUMP, "judged by the agent's hook "
                + "and SCC's wrappers (and rendered into the agent's own deny rules where it has them); a real binary "
                + "run by another path is not judged"));
        rows.add(new Row("Credentials", brokered ? Status.ENFORCED_BOUNDARY : Status.OUT_OF_SCOPE, brokered
                ? "the broker on the egress side holds the keys and tokens; the sandbox sees placeholders; pushes to "
                        + "protected refs are refused by the broker"
                : "no broker for this team: the provider's key variables are passed into the sandbox (add a broker "
                        + "section to the org config)"));
        rows.add(new Row("Token budgets", brokered ? Status.ENFORCED_BOUNDARY : Status.OUT_OF_SCOPE, brokered
                ? "metered by the broker, which refuses calls over a session's or team's budget"
                : "budgets are metered only through the broker"));
        rows.add(new Row("Base images (security.blocked_base_images)", Status.ENFORCED_BOUNDARY,
                "checked on the host before any container is created"));
        rows.add(new Row("Sandbox limits (memory, cpus, pids)", Status.ENFORCED_BOUNDARY,
                "set on the container by the engine"));
        rows.add(new Row("Bundles (governed artifacts)", Status.ENFORCED_SPEED_BUMP,
                "rendered like plugins and MCP servers after the security rules; the agent CLI obeys them"));
        rows.add(new Row("dev_environment", Status.PARTIALLY_ENFORCED, "argv only, within the sandbox"));
        rows.add(new Row("session.timeout_hours", Status.PARTIALLY_ENFORCED, "applied by scc sessions, not by the agent"));
        rows.add(new Row("session.auto_resume", Status.ADVISORY, "shown, never enforced"));
        return rows;
    }

    /**
     * Read-only paths are a boundary (mounts the agent cannot change, replace or remove); reviewed paths are shown at
     * {@code scc review}/{@code scc stop} but the host sees the agent's writes until then; paths the org turned off are
     * not protected. Each list is the effective one, whichever layer chose it.
     */
    private static void workspaceProtection(EffectiveConfig e, List<Row> rows) {
        java.util.Map<dev.scc.core.runtime.WorkspaceProtection.Mode, List<String>> by = new java.util.EnumMap<>(
                dev.scc.core.runtime.WorkspaceProtection.Mode.class);
        e.workspaceProtection().forEach(p -> by.computeIfAbsent(p.mode(), m -> new ArrayList<>()).add(p.path()));
        rows.add(new Row("Workspace files the host runs", Status.ENFORCED_BOUNDARY, String.join(", ",
                by.getOrDefault(dev.scc.core.runtime.WorkspaceProtection.Mode.READ_ONLY, List.of()))
                + " (SCC's own, every installed agent's workspace settings and the org's, team's and project's "
                + "read-only paths) are read-only in the sandbox (.git pinned, .git/commondir taken); paths absent at "
                + "launch and repositories the agent nests in the workspace are reviewed instead"));
        List<String> review = by.getOrDefault(dev.scc.core.runtime.WorkspaceProtection.Mode.REVIEW, List.of());
        if (!review.isEmpty()) {
            rows.add(new Row("Workspace files under review", Status.PARTIALLY_ENFORCED, String.join(", ", review)
                    + ": the agent may write them; 'scc review' and 'scc stop' show each change against the launch "
                    + "checkpoint to keep or discard, but the host sees the writes until then"));
        }
        List<String> off = by.getOrDefault(dev.scc.core.runtime.WorkspaceProtection.Mode.OFF, List.of());
        if (!off.isEmpty()) {
            rows.add(new Row("Workspace files not protected", Status.OUT_OF_SCOPE, String.join(", ", off)
                    + ": protection turned off by the org"));
        }
    }
}
