package dev.scc.cli.commands.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.cli.commands.setup.Cli;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCommandsTest {
    @TempDir Path home;
    private Path org;

    @BeforeEach
    void org() throws IOException {
        org = Cli.writeOrg(home);
    }

    private void setUp(String team) {
        assertThat(Cli.run(home, "setup", "--org", org.toString(), "--team", team, "--yes").exit()).isZero();
    }

    @Test
    void helpOfEachCommandHasExamples() {
        for (String[] cmd : new String[][] {{"provider", "--help"}, {"provider", "show", "--help"}, {"provider", "set", "--help"}}) {
            Cli r = Cli.run(home, cmd);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: scc provider", "Examples:", "scc provider ");
        }
        assertThat(Cli.run(home, "provider", "set", "--help").out()).contains("PROVIDER", "claude, codex, ask",
                "Exit codes:", "6   the org does not allow this provider for your team");
    }

    @Test
    void showWithoutSetupAllowsEveryProviderAndAsksByDefault() {
        Cli r = Cli.run(home, "provider", "show");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Provider preference: not set  (scc start uses: ask)\nAllowed: claude, codex\n");
    }

    @Test
    void showJsonReportsPreferenceTeamAndAllowed() {
        setUp("backend");
        Cli r = Cli.run(home, "provider", "show", "--json");
        assertThat(r.exit()).isZero();
        JsonNode root = r.json();
        assertThat(root.path("kind").asText()).isEqualTo("ProviderPreference");
        assertThat(root.path("status").path("ok").asBoolean()).isTrue();
        JsonNode d = root.path("data");
        assertThat(d.path("selected_provider").asText()).isEqualTo("ask");
        assertThat(d.path("effective").asText()).isEqualTo("ask");
        assertThat(d.path("team").asText()).isEqualTo("backend");
        assertThat(d.path("organization").asText()).isEqualTo("Acme");
        assertThat(d.path("allowed_providers").toString()).isEqualTo("[\"claude\",\"codex\"]");
    }

    @Test
    void setStoresAnAllowedPreference() throws IOException {
        setUp("backend");
        Cli r = Cli.run(home, "provider", "set", "codex");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Provider preference set to codex (" + Cli.userConfig(home) + ")\n");
        assertThat(Cli.readUserConfig(home).path("selected_provider").asText()).isEqualTo("codex");
        assertThat(Cli.run(home, "provider", "show").out()).startsWith("Provider preference: codex  (scc start uses: codex)");
    }

    @Test
    void setRefusesAProviderTheTeamMayNotUseWithExitSix() throws IOException {
        setUp("frontend");
        Cli r = Cli.run(home, "provider", "set", "codex", "--json");
        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err()).isEqualTo("scc: provider 'codex' is not allowed for team frontend. Allowed: claude\n");
        assertThat(r.json().path("status").path("ok").asBoolean()).isFalse();
        assertThat(r.json().path("status").path("errors").get(0).path("message").asText()).contains("not allowed for team frontend");
        assertThat(Cli.readUserConfig(home).path("selected_provider").asText()).isEqualTo("claude");
    }

    @Test
    void askIsRefusedWhenOnlyOneProviderIsAllowed() {
        setUp("frontend");
        assertThat(Cli.run(home, "provider", "set", "ask").exit()).isEqualTo(6);
    }

    @Test
    void setJsonReportsTheNewState() {
        Cli r = Cli.run(home, "provider", "set", "ask", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.json().path("data").path("selected_provider").asText()).isEqualTo("ask");
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        Cli r = Cli.run(home, "provider", "set", "gpt");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("scc: unknown provider 'gpt'. Choose one of: claude, codex, ask\n");
        assertThat(Cli.userConfig(home)).doesNotExist();
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        Cli r = Cli.run(home, "provider", "set");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'PROVIDER'");
    }
}
