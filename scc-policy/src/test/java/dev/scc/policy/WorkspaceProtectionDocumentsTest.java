package dev.scc.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code workspace_protection} in the org's security section, a team profile, a federated team config and a
 * project: what loads, and bad input refused at load with the file, the key path and what was expected.
 */
class WorkspaceProtectionDocumentsTest {
    private final PolicyLoader loader = PolicyLoader.standard();

    private static byte[] org(String yaml) {
        return ("schema_version: '1.0.0'\norganization: {name: Acme, id: acme}\n" + yaml).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] team(String yaml) {
        return ("schema_version: '1.0.0'\n" + yaml).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyLayerLoadsItsChoicesWithFileAndKeyPath(@TempDir Path dir) throws Exception {
        var org = loader.parseOrg("org.yaml", org("""
                security: {workspace_protection: {.envrc: review}}
                delegation: {teams: {allow_workspace_protection: [backend]}}
                profiles:
                  backend: {workspace_protection: {scripts/deploy.sh: read-only}}
                """)).config();
        assertThat(org.security().workspaceProtection()).containsEntry(".envrc", "review");
        assertThat(org.delegation().teamsAllowWorkspaceProtection()).containsExactly("backend");
        var profile = org.profile("backend").orElseThrow().workspaceProtection();
        assertThat(profile.modes()).containsEntry("scripts/deploy.sh", "read-only");
        assertThat(profile.file()).isEqualTo("org.yaml");
        assertThat(profile.keyPathOf("scripts/deploy.sh"))
                .isEqualTo("profiles.backend.workspace_protection['scripts/deploy.sh']");

        var tc = loader.parseTeamConfig("team.yaml", team("workspace_protection: {Makefile: review}\n")).workspaceProtection();
        assertThat(tc.modes()).containsEntry("Makefile", "review");
        assertThat(tc.file()).isEqualTo("team.yaml");
        assertThat(tc.keyPathOf("Makefile")).isEqualTo("workspace_protection['Makefile']");

        Path f = dir.resolve(".scc.yaml");
        Files.writeString(f, "workspace_protection: {tools/: read-only}\n");
        var project = loader.requireProject(f);
        assertThat(project.workspaceProtection().modes()).containsEntry("tools/", "read-only");
        assertThat(project.workspaceProtection().file()).isEqualTo(f.toString());
        assertThat(project.unknownKeys()).as("a known key, no warning").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../outside", "a/../../outside", "./x", "a//b", "a\\b"})
    void aPathOutsideTheWorkspaceIsALoadErrorInEveryLayer(String path, @TempDir Path dir) throws Exception {
        String entry = "workspace_protection: {'" + path.replace("'", "''") + "': read-only}";
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("security: {" + entry + "}\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("org.yaml")
                .hasMessageContaining("$.security.workspace_protection['" + path + "']")
                .hasMessageContaining("workspace-relative path");
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("profiles: {backend: {" + entry + "}}\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("org.yaml")
                .hasMessageContaining("$.profiles.backend.workspace_protection[").hasMessageContaining("workspace-relative path");
        assertThatThrownBy(() -> loader.parseTeamConfig("team.yaml", team(entry + "\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("team.yaml")
                .hasMessageContaining("$.workspace_protection[").hasMessageContaining("workspace-relative path");
        Path f = dir.resolve(".scc.yaml");
        Files.writeString(f, entry + "\n");
        assertThatThrownBy(() -> loader.requireProject(f)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("$.workspace_protection[")
                .hasMessageContaining("workspace-relative path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "[read-only]", "{mode: off}", "null"})
    void aNonStringModeIsALoadErrorInEveryLayer(String mode, @TempDir Path dir) throws Exception {
        String entry = "workspace_protection: {.envrc: " + mode + "}";
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("security: {" + entry + "}\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("org.yaml")
                .hasMessageContaining("workspace_protection");
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("profiles: {backend: {" + entry + "}}\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("org.yaml")
                .hasMessageContaining("profiles.backend.workspace_protection");
        assertThatThrownBy(() -> loader.parseTeamConfig("team.yaml", team(entry + "\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("team.yaml")
                .hasMessageContaining("workspace_protection");
        Path f = dir.resolve(".scc.yaml");
        Files.writeString(f, entry + "\n");
        assertThatThrownBy(() -> loader.requireProject(f)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("workspace_protection");
    }

    @Test
    void anUnknownModeIsALoadErrorForTheOrgAndTheProjectButReportedForATeam(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("security: {workspace_protection: {.envrc: readonly}}\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("org.yaml")
                .hasMessageContaining("workspace_protection");
        Path f = dir.resolve(".scc.yaml");
        Files.writeString(f, "workspace_protection: {.envrc: readonly}\n");
        assertThatThrownBy(() -> loader.requireProject(f)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("workspace_protection");
        // A team's unknown mode loads (as a team's unknown network_policy does) and the merge reports it.
        var org = loader.parseOrg("org.yaml", org("profiles: {backend: {workspace_protection: {.envrc: readonly}}}\n"));
        assertThat(org.config().profile("backend").orElseThrow().workspaceProtection().modes())
                .containsEntry(".envrc", "readonly");
        assertThat(loader.parseTeamConfig("team.yaml", team("workspace_protection: {.envrc: readonly}\n"))
                .workspaceProtection().modes()).containsEntry(".envrc", "readonly");
    }
}
