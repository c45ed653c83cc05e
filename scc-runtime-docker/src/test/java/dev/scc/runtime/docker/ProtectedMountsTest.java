package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.WorkspaceProtection;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import dev.scc.runtime.docker.internal.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectedMountsTest {
    @TempDir
    Path ws;

    @Test
    void gitDirectoryIsPinnedReadWriteAndItsHooksConfigAndExistingSettingsAreReadOnly() throws Exception {
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n");
        Files.createDirectories(ws.resolve(".vscode"));
        Path real = ws.toRealPath();
        // SCC's own paths and the workspace settings of the providers on this test class path (claude, codex)
        ProtectedMounts.Plan plan = ProtectedMounts.plan(ws,
                WorkspaceProtection.forProviders(dev.scc.core.spi.AgentProviderRegistry.load().all()));
        assertThat(plan.mounts()).containsExactlyInAnyOrder(
                new ContainerSpec.Mount(real.resolve(".git").toString(), "/workspace/.git", false, false),
                new ContainerSpec.Mount(real.resolve(".git/config").toString(), "/workspace/.git/config", true, false),
                new ContainerSpec.Mount(real.resolve(".git/hooks").toString(), "/workspace/.git/hooks", true, false),
                new ContainerSpec.Mount(real.resolve(".git/commondir").toString(), "/workspace/.git/commondir", true,
                        false),
                new ContainerSpec.Mount(real.resolve(".vscode").toString(), "/workspace/.vscode", true, false));
        assertThat(plan.commondirPin()).contains(real.resolve(".git/commondir"));
        assertThat(plan.absentReadOnly()).containsExactly(".claude", ".codex", ".devcontainer", ".envrc",
                ".git/modules", ".idea", ".mcp.json");
    }

    @Test
    void theCommondirPinIsTheRepositoryItselfAndIsRemovedOnlyWhileUnchanged() throws Exception {
        Files.createDirectories(ws.resolve(".git"));
        Runnable undo = ProtectedMounts.writePin(ws.resolve(".git/commondir"));
        assertThat(ws.resolve(".git/commondir")).hasContent(".");
        undo.run();
        assertThat(ws.resolve(".git/commondir")).doesNotExist();
        Files.writeString(ws.resolve(".git/commondir"), "../elsewhere\n");
        ProtectedMounts.removePin(ws);
        assertThat(ws.resolve(".git/commondir")).exists();
    }

    @Test
    void aGitFileOfALinkedWorktreeIsItselfReadOnly() throws Exception {
        Files.writeString(ws.resolve(".git"), "gitdir: /elsewhere/.git/worktrees/x\n");
        ProtectedMounts.Plan plan = ProtectedMounts.plan(ws, WorkspaceProtection.DEFAULT);
        assertThat(plan.mounts()).contains(
                new ContainerSpec.Mount(ws.toRealPath().resolve(".git").toString(), "/workspace/.git", true, false));
    }

    @Test
    void aProtectedLinkPointingOutOfTheWorkspaceRefusesTheLaunchNamingIt() throws Exception {
        Files.createSymbolicLink(ws.resolve(".envrc"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> ProtectedMounts.plan(ws, WorkspaceProtection.DEFAULT))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining(".envrc").hasMessageContaining("symbolic link");
        Files.delete(ws.resolve(".envrc"));
        Files.createSymbolicLink(ws.resolve(".git"), Path.of("/tmp"));
        assertThatThrownBy(() -> ProtectedMounts.plan(ws, WorkspaceProtection.DEFAULT))
                .isInstanceOf(RuntimeBackendException.class).hasMessageContaining(".git");
    }

    @Test
    void aLinkInsideTheWorkspaceIsProtectedAtItsTarget() throws Exception {
        Files.writeString(ws.resolve("envrc.real"), "export A=1\n");
        Files.createSymbolicLink(ws.resolve(".envrc"), Path.of("envrc.real"));
        assertThat(ProtectedMounts.plan(ws, WorkspaceProtection.DEFAULT).mounts()).contains(new ContainerSpec.Mount(
                ws.toRealPath().resolve("envrc.real").toString(), "/workspace/.envrc", true, false));
    }

    @Test
    void reviewAndOffPathsGetNoMount() throws Exception {
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createDirectories(ws.resolve(".idea"));
        WorkspaceProtection p = new WorkspaceProtection(Map.of(".git/hooks", Mode.REVIEW, ".idea", Mode.OFF));
        assertThat(ProtectedMounts.plan(ws, p).mounts()).isEmpty();
    }

    @Test
    void anOrgThatForbidsRelaxingKeepsTheStricterMode() {
        WorkspaceProtection locked = WorkspaceProtection.DEFAULT.with(Map.of(".git/hooks", Mode.OFF,
                "tools/run.sh", Mode.REVIEW), false);
        assertThat(locked.mode(".git/hooks")).isEqualTo(Mode.READ_ONLY);
        assertThat(locked.mode("tools/run.sh")).isEqualTo(Mode.REVIEW);
        assertThat(WorkspaceProtection.DEFAULT.with(Map.of(".git/hooks", Mode.OFF), true).mode(".git/hooks"))
                .isEqualTo(Mode.OFF);
    }

    @Test
    void protectedPathsMustStayInsideTheWorkspace() {
        for (String bad : new String[] {"/etc", "../x", "a/../../b", "", "a//b", "./a"}) {
            assertThatThrownBy(() -> new WorkspaceProtection(Map.of(bad, Mode.READ_ONLY))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}
