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
    void withoutProvidersOnlyTheAgentIndependentDefaultIsProtected() {
        assertThat(WorkspaceProtection.forProviders(java.util.List.of())).isEqualTo(WorkspaceProtection.DEFAULT);
        assertThat(WorkspaceProtection.DEFAULT.paths().keySet()).as("no agent's directory in core's own default")
                .noneMatch(path -> INSTALLED.ids().stream().anyMatch(id -> path.equals("." + id)));
    }
}
