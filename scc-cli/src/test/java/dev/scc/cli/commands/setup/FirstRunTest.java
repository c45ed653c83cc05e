package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first-time user, end to end and in-process: a platform script runs {@code scc setup} once, then the
 * developer runs commands without naming the org or team again. (The interactive path through a real
 * terminal is {@code InteractiveSetupIT}.)
 */
class FirstRunTest {
    @TempDir Path home;

    @Test
    void afterScriptedSetupExplainNeedsNoFlagsAndShowsTheChosenTeam() throws IOException {
        Path org = Cli.writeOrg(home);
        Cli before = Cli.run(home, "config", "explain");
        assertThat(before.exit()).isEqualTo(3);
        assertThat(before.err()).contains("run 'scc setup'");

        Cli setup = Cli.run(home, "setup", "--org", org.toString(), "--team", "backend", "--provider", "claude", "--yes");
        assertThat(setup.exit()).as(setup.toString()).isZero();

        Cli explain = Cli.run(home, "config", "explain");
        assertThat(explain.exit()).as(explain.toString()).isZero();
        assertThat(explain.out()).contains("Organization: Acme (acme)", "Team:         backend", "base@corp  (from org.defaults)",
                "lint@corp  (from team.backend)");

        Cli json = Cli.run(home, "config", "explain", "--json");
        JsonNode data = json.json().path("data");
        assertThat(json.exit()).isZero();
        assertThat(data.path("effective").path("plugins").toString()).isEqualTo("[\"base@corp\",\"lint@corp\"]");

        assertThat(Cli.run(home, "team", "switch", "frontend").exit()).isZero();
        Cli afterSwitch = Cli.run(home, "config", "explain");
        assertThat(afterSwitch.out()).contains("Team:         frontend").doesNotContain("lint@corp  (from team.backend)");
    }
}
