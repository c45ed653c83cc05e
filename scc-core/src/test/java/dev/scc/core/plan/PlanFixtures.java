package dev.scc.core.plan;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.SandboxSettings;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Merge results built from the model records (core tests cannot use scc-testkit, which depends on core). */
final class PlanFixtures {
    private PlanFixtures() {}

    static EffectiveConfig config(List<EffectiveConfig.SourcedPlugin> plugins, List<EffectiveConfig.SourcedMcpServer> mcp,
            List<EffectiveConfig.EnabledBundle> bundles, Security security, List<BlockedItem> blocked) {
        return new EffectiveConfig(new OrgConfig.Organization("Acme", "acme", Optional.empty()), "backend",
                Optional.empty(), plugins, mcp, Map.of(), List.of(), Optional.empty(), List.of(), List.of(),
                SessionSettings.NONE, DevEnvironment.NONE, List.of(), Optional.empty(), bundles, security,
                SandboxSettings.NONE, List.of(), blocked, List.of(), List.of(), List.of(), List.of());
    }

    static Security safety(Map<String, Object> net) {
        return new Security(List.of(), List.of(), List.of(), true, List.of(), Optional.of(net));
    }
}
