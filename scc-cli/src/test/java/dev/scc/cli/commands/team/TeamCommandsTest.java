package dev.scc.cli.commands.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.cli.commands.setup.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeamCommandsTest {
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
        for (String[] cmd : new String[][] {{"team", "--help"}, {"team", "list", "--help"}, {"team", "switch", "--help"}}) {
            Cli r = Cli.run(home, cmd);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: scc team", "Examples:", "scc team ");
        }
        assertThat(Cli.run(home, "team", "switch", "--help").out()).contains("--workspace=DIR", "1   no such team");
    }

    @Test
    void listMarksTheSelectedTeam() {
        setUp("frontend");
        Cli r = Cli.run(home, "team", "list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Teams of Acme\n  backend  Java services\n* frontend  Web apps\n");
    }

    @Test
    void listWithAnOrgFlagAndNoSelectionSaysHowToChoose() {
        Cli r = Cli.run(home, "team", "list", "--org", org.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).endsWith("No team selected: scc team switch NAME\n");
    }

    @Test
    void listJsonHasEveryTeam() {
        setUp("backend");
        Cli r = Cli.run(home, "team", "list", "--json");
        assertThat(r.exit()).isZero();
        JsonNode root = r.json();
        assertThat(root.path("kind").asText()).isEqualTo("TeamList");
        assertThat(root.path("data").path("selected_team").asText()).isEqualTo("backend");
        JsonNode teams = root.path("data").path("teams");
        assertThat(teams).hasSize(2);
        assertThat(teams.get(0).toString())
                .isEqualTo("{\"name\":\"backend\",\"description\":\"Java services\",\"federated\":false,\"selected\":true}");
    }

    @Test
    void listWithoutAnyOrgIsAConfigErrorWithTheFix() {
        Cli r = Cli.run(home, "team", "list");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("scc: no organization config: pass --org FILE, or run 'scc setup' to connect one\n");
    }

    @Test
    void switchSelectsAnExistingTeam() throws IOException {
        setUp("backend");
        Cli r = Cli.run(home, "team", "switch", "frontend");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Switched to team frontend (" + Cli.userConfig(home) + ")\n");
        assertThat(Cli.readUserConfig(home).path("selected_profile").asText()).isEqualTo("frontend");
    }

    @Test
    void switchToAnUnknownTeamIsNotFoundAndChangesNothing() throws IOException {
        setUp("backend");
        Cli r = Cli.run(home, "team", "switch", "ops", "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("scc: team 'ops' not found in Acme's config. Available teams: backend, frontend\n");
        assertThat(r.json().path("status").path("errors").get(0).path("message").asText()).startsWith("team 'ops' not found");
        assertThat(Cli.readUserConfig(home).path("selected_profile").asText()).isEqualTo("backend");
    }

    @Test
    void switchWithAWorkspacePinsItThereOnly() throws IOException {
        setUp("backend");
        Path ws = Files.createDirectories(home.resolve("src/web"));
        Cli r = Cli.run(home, "team", "switch", "frontend", "--workspace", ws.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode d = r.json().path("data");
        assertThat(d.path("scope").asText()).isEqualTo("workspace");
        assertThat(d.path("workspace").asText()).isEqualTo(ws.toRealPath().toString());
        JsonNode cfg = Cli.readUserConfig(home);
        assertThat(cfg.path("workspace_team_map").path(ws.toRealPath().toString()).asText()).isEqualTo("frontend");
        assertThat(cfg.path("selected_profile").asText()).isEqualTo("backend");
    }

    @Test
    void switchWithAMissingWorkspaceIsNotFound() {
        setUp("backend");
        Cli r = Cli.run(home, "team", "switch", "frontend", "--workspace", home.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("workspace directory not found: " + home.resolve("nope"));
    }
}
