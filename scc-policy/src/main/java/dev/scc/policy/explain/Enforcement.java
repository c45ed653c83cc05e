package dev.scc.policy.explain;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.model.NetworkPosture;
import java.util.ArrayList;
import java.util.List;

/** How far SCC enforces each surface, so nobody mistakes an advisory setting for a boundary. */
public final class Enforcement {
    private Enforcement() {}

    /** One row of the table. */
    public record Row(String surface, Status status, String detail) {}

    /** The four levels. */
    public enum Status {
        ENFORCED("Enforced"),
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
        if (e.provider().filter(p -> p == dev.scc.core.merge.Provider.CODEX).isPresent()) {
            // Codex has no managed per-plugin block: a user-layer 'codex plugin add' overrides the system config.
            rows.add(new Row("Plugins", Status.PARTIALLY_ENFORCED, "blocked plugins are left out of the catalogs SCC "
                    + "places, and requirements.toml limits marketplaces to the plan's, so another catalog cannot offer "
                    + "them; Codex has no per-plugin block for catalogs it manages itself (codex plugin add)"));
        } else {
            rows.add(new Row("Plugins", Status.ENFORCED, "rendered into managed settings; repo settings cannot enable "
                    + "blocked plugins"));
        }
        rows.add(new Row("Marketplaces", Status.ENFORCED, "only effective marketplaces are rendered"));
        rows.add(new Row("MCP servers (org/team/project)", Status.ENFORCED, "gated, then rendered by SCC"));
        rows.add(new Row("MCP servers (repo .mcp.json)", Status.ADVISORY, "the agent may read them; SCC does not vet them"));
        rows.add(new Row("MCP servers (plugin-bundled)", Status.OUT_OF_SCOPE, "shipped inside plugins"));
        rows.add(new Row("Providers", Status.ENFORCED, "a disallowed provider is refused at launch"));
        NetworkPosture p = e.posture();
        rows.add(new Row("network_policy", Status.ENFORCED, p == NetworkPosture.OPEN
                ? "open: default bridge, no egress filtering"
                : p == NetworkPosture.WEB_EGRESS_ENFORCED
                        ? "internal network, Squid allowlist of " + e.destinations().size() + " hosts"
                        : "--network=none"));
        rows.add(new Row("destination_sets", p == NetworkPosture.WEB_EGRESS_ENFORCED ? Status.ENFORCED : Status.OUT_OF_SCOPE,
                p == NetworkPosture.WEB_EGRESS_ENFORCED ? "compiled into the proxy ACL" : "only used under web-egress-enforced"));
        rows.add(new Row("safety_net", Status.ENFORCED, "git and network-tool wrappers plus native hooks, fail closed"));
        rows.add(new Row("dev_environment", Status.PARTIALLY_ENFORCED, "argv only, within the sandbox"));
        rows.add(new Row("session.timeout_hours", Status.PARTIALLY_ENFORCED, "applied by scc sessions, not by the agent"));
        rows.add(new Row("session.auto_resume", Status.ADVISORY, "shown, never enforced"));
        return rows;
    }
}
