package dev.scc.render.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderWriter;
import dev.scc.testkit.Fixtures;
import dev.scc.testkit.NativeCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned real {@code claude} reads what the renderer wrote, offline: the rendered {@code etc/claude-code} is
 * overlaid on {@code /etc/claude-code} and {@code claude doctor} reports on it.
 */
class ClaudeCliIT {
    private static final Map<String, String> SECRETS = Map.of("GITHUB_TOKEN", "test-token", "DOCS_API_KEY", "test-key");
    @TempDir Path root;
    @TempDir Path home;
    @TempDir Path repo;

    @BeforeEach
    void render() {
        new RenderWriter(root).apply("claude",
                new ClaudeRenderer().render(RenderPlans.from(Fixtures.rich(), "claude"), RenderContext.DEFAULTS).files());
    }

    private NativeCli.Result doctor(Map<String, String> env) {
        NativeCli.Result r = NativeCli.run(root, repo, home, env, "claude", "doctor");
        assertThat(r.stdout()).as(r.all()).contains("Claude Code doctor");
        return r;
    }

    @Test
    void claudeDoctorReportsNoInvalidSettingsForTheRenderedManagedFiles() {
        NativeCli.Result r = doctor(SECRETS);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("Invalid settings");
    }

    @Test
    void claudeDoctorReadsTheRenderedFilesAndFlagsABrokenOne() throws Exception {
        Path managed = root.resolve(ClaudeRenderer.MANAGED_SETTINGS);
        Files.writeString(managed, Files.readString(managed).replace("\"permissions\": {", "\"permissions\": {\"defaultMode\": \"bogus\","));
        NativeCli.Result r = doctor(SECRETS);
        assertThat(r.all()).contains("Invalid settings", "/etc/claude-code/managed-settings.json", "defaultMode");
    }

    @Test
    void managedMcpServersKeepSecretsAsEnvironmentReferences() {
        NativeCli.Result r = doctor(Map.of());
        assertThat(r.all()).contains("/etc/claude-code/managed-mcp.json", "GITHUB_TOKEN", "DOCS_API_KEY");
        assertThat(r.all()).doesNotContain("test-token");
    }
}
