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

    /** The table for one effective configuration. */
    public static List<Row> table(EffectiveConfig e) {
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
        rows.add(new Row("Workspace files the host runs", Status.ENFORCED_BOUNDARY, String.join(", ",
                dev.scc.core.runtime.WorkspaceProtection.forProviders(dev.scc.core.spi.AgentProviderRegistry.load().all())
                        .paths().keySet()) + " (SCC's own and every installed agent's workspace settings) are read-only "
                + "in the sandbox (.git pinned, .git/commondir taken); paths absent at launch and repositories the "
                + "agent nests in the workspace are not covered"));
        rows.add(new Row("Checkpoints", Status.ENFORCED_BOUNDARY, "taken on the host at launch and while attached, "
                + "stored outside every mount; 'scc restore' brings back every byte"));
        rows.add(new Row("dev_environment", Status.PARTIALLY_ENFORCED, "argv only, within the sandbox"));
        rows.add(new Row("session.timeout_hours", Status.PARTIALLY_ENFORCED, "applied by scc sessions, not by the agent"));
        rows.add(new Row("session.auto_resume", Status.ADVISORY, "shown, never enforced"));
        return rows;
    }
}
