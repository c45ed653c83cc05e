package dev.scc.policy.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.TrustMerge;
import dev.scc.policy.document.PolicyDocuments;
import dev.scc.policy.explain.Enforcement.Row;
import dev.scc.policy.explain.Enforcement.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every surface in explain's enforcement table says which kind of guarantee it gives, from the effective config. */
class EnforcementTest {

    private static EffectiveConfig merged(String orgJson, String team) throws Exception {
        var org = PolicyDocuments.org(new ObjectMapper().readTree("{\"schema_version\": \"1.0.0\", \"organization\": "
                + "{\"name\": \"Acme\", \"id\": \"acme\"}" + orgJson + "}"), "org.json");
        return new TrustMerge(List.of()).merge(MergeInput.of(org, team, Instant.parse("2026-06-01T12:00:00Z")));
    }

    private static Map<String, Row> bySurface(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(Row::surface, r -> r));
    }

    @Test
    void everySurfaceOfTheSecurityModelIsLabelledBoundaryOrSpeedBump() throws Exception {
        Map<String, Row> rows = bySurface(Enforcement.table(merged("", ""), true));
        assertThat(rows.keySet()).contains("Plugins", "MCP servers (org/team/project)", "Providers", "network_policy",
                "destination_sets", "safety_net", "Action rules (org, team, project)", "Workspace files the host runs",
                "Checkpoints", "Credentials", "Token budgets", "Base images (security.blocked_base_images)",
                "Sandbox limits (memory, cpus, pids)", "Bundles (governed artifacts)", "dev_environment");
        assertThat(rows.get("Workspace files the host runs").status()).isEqualTo(Status.ENFORCED_BOUNDARY);
        assertThat(rows.get("Checkpoints").status()).isEqualTo(Status.ENFORCED_BOUNDARY);
        assertThat(rows.get("safety_net").status()).isEqualTo(Status.ENFORCED_SPEED_BUMP);
        assertThat(rows.get("Action rules (org, team, project)").status()).isEqualTo(Status.ENFORCED_SPEED_BUMP);
        assertThat(rows.get("Credentials").status()).isEqualTo(Status.ENFORCED_BOUNDARY);
    }

    @Test
    void credentialsAndBudgetsAreOutOfScopeWithoutABroker() throws Exception {
        Map<String, Row> rows = bySurface(Enforcement.table(merged("", "")));
        assertThat(rows.get("Credentials").status()).isEqualTo(Status.OUT_OF_SCOPE);
        assertThat(rows.get("Credentials").detail()).contains("passed into the sandbox");
        assertThat(rows.get("Token budgets").status()).isEqualTo(Status.OUT_OF_SCOPE);
    }

    @Test
    void workspaceRowsFollowTheEffectiveModesOfEveryLayer() throws Exception {
        EffectiveConfig e = merged(", \"security\": {\"workspace_protection\": {\".idea\": \"off\", \".envrc\": \"review\"}},"
                + " \"delegation\": {\"teams\": {\"allow_workspace_protection\": [\"web\"]}},"
                + " \"profiles\": {\"web\": {\"workspace_protection\": {\"scripts/deploy.sh\": \"read-only\","
                + " \"Makefile\": \"review\"}}}", "web");
        Map<String, Row> rows = bySurface(Enforcement.table(e));
        assertThat(rows.get("Workspace files the host runs").detail()).contains("scripts/deploy.sh", ".git/hooks")
                .doesNotContain(".idea,", ".envrc,");
        assertThat(rows.get("Workspace files under review").status()).isEqualTo(Status.PARTIALLY_ENFORCED);
        assertThat(rows.get("Workspace files under review").detail()).startsWith(".envrc, Makefile:");
        assertThat(rows.get("Workspace files not protected").status()).isEqualTo(Status.OUT_OF_SCOPE);
        assertThat(rows.get("Workspace files not protected").detail()).startsWith(".idea:");
        assertThat(bySurface(Enforcement.table(merged("", ""))))
                .doesNotContainKeys("Workspace files under review", "Workspace files not protected");
    }
}
