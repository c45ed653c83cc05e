package dev.scc.app.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.runtime.WorkspaceProtection;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.testkit.Fixtures;
import org.junit.jupiter.api.Test;

/** A launch protects SCC's own paths and the workspace settings of every installed agent, as their providers declare. */
class GovernedLaunchProtectionTest {
    private static final AgentProviderRegistry INSTALLED = AgentProviderRegistry.load();

    @Test
    void everyInstalledAgentsWorkspaceSettingsAreReadOnlyNotOnlyTheSessionsAgents() {
        WorkspaceProtection p = GovernedLaunch.protection(Fixtures.minimal(), INSTALLED);
        assertThat(INSTALLED.all()).isNotEmpty();
        INSTALLED.all().forEach(agent -> assertThat(agent.workspaceConfigPaths()).isNotEmpty()
                .allSatisfy(path -> assertThat(p.mode(path)).as(agent.id() + ": " + path).isEqualTo(Mode.READ_ONLY)));
        WorkspaceProtection.DEFAULT.paths().keySet().forEach(path -> assertThat(p.mode(path)).isEqualTo(Mode.READ_ONLY));
    }

    @Test
    void aDelegatedTeamsStricterPathReachesTheLaunchAndAMergeWithoutTheAgentsStillProtectsTheirSettings()
            throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"schema_version": "1.0.0", "organization": {"name": "Acme", "id": "acme"},
                 "security": {"workspace_protection": {".idea": "off"}},
                 "delegation": {"teams": {"allow_workspace_protection": ["web"]}},
                 "profiles": {"web": {"workspace_protection": {"scripts/deploy.sh": "read-only", ".vscode": "off"}}}}
                """);
        var org = dev.scc.policy.document.PolicyDocuments.org(tree, "org.json");
        // merged over no provider at all: the launch still adds every installed agent's settings
        var e = new dev.scc.core.merge.TrustMerge(java.util.List.of())
                .merge(dev.scc.core.merge.MergeInput.of(org, "web", java.time.Instant.parse("2026-06-01T12:00:00Z")));
        WorkspaceProtection p = GovernedLaunch.protection(e, INSTALLED);
        assertThat(p.mode("scripts/deploy.sh")).isEqualTo(Mode.READ_ONLY);
        assertThat(p.mode(".vscode")).as("the team's loosening is not applied").isEqualTo(Mode.READ_ONLY);
        assertThat(p.mode(".idea")).as("the org's own choice holds").isEqualTo(Mode.OFF);
        INSTALLED.all().forEach(agent -> agent.workspaceConfigPaths().forEach(path -> assertThat(
                p.mode(WorkspaceProtection.checkPath(path))).as(agent.id()).isEqualTo(Mode.READ_ONLY)));
    }

    @Test
    void withoutProvidersOnlyTheAgentIndependentDefaultIsProtected() {
        assertThat(WorkspaceProtection.forProviders(java.util.List.of())).isEqualTo(WorkspaceProtection.DEFAULT);
        assertThat(WorkspaceProtection.DEFAULT.paths().keySet()).as("no agent's directory in core's own default")
                .noneMatch(path -> INSTALLED.ids().stream().anyMatch(id -> path.equals("." + id)));
    }
}
