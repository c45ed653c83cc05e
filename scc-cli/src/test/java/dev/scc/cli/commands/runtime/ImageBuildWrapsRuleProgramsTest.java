package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.testkit.runtime.InMemoryRuntimeBackend;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scc image build} reads the command rules of the org ({@code --org}, else the connected one) and the team, and
 * says which programs it wraps and which patterns get no wrapper. (The in-memory backend builds no images, so each run
 * ends there: what is checked is what the build was asked to wrap.)
 */
class ImageBuildWrapsRuleProgramsTest {
    @TempDir Path home;
    Path org;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Supplier<RuntimeBackend> noImages = () -> new InMemoryRuntimeBackend(new InMemoryRuntimeBackend.World(),
            Clock.systemUTC(), -1);

    @BeforeEach
    void org() throws Exception {
        org = Files.writeString(home.resolve("org.yaml"), """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                delegation:
                  teams: {allow_rules: [data]}
                rules:
                  - id: no-drop
                    match: {command: ["psql * -c *DROP*", "terraform destroy", "sudo mysql", "my*sql"]}
                    decision: deny
                profiles:
                  data:
                    rules:
                      - id: gh-delete
                        match: {command: ["gh repo delete"]}
                        decision: require_approval
                  web: {}
                """);
    }

    private CliServices services() {
        return new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC(), home, false);
    }

    private int build(String... args) {
        return CommandRun.run(new ImageCommand.Build(services(), noImages), out, err, args);
    }

    @Test
    void theOrgsAndTeamsRuleProgramsAreWrappedAndEverySkippedPatternIsNamedWithItsReason() {
        assertThat(build("--org", org.toString(), "--team", "data", "--provider", "claude")).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).contains("==> wrapping the programs the org's command rules name: gh psql\n")
                .contains("==> no wrapper for rule no-drop (\"sudo mysql\"): the command analyser looks through 'sudo'")
                .contains("==> no wrapper for rule no-drop (\"my*sql\"): 'my*sql' is a glob");
        assertThat(err.toString()).contains("runs no images SCC builds");
    }

    @Test
    void anotherTeamsRulesDoNotCount() {
        build("--org", org.toString(), "--team", "web", "--provider", "claude");
        assertThat(out.toString()).contains("==> wrapping the programs the org's command rules name: psql\n");
    }

    @Test
    void withoutAnOrgNothingBeyondTheBuiltInListIsWrappedAndATeamAloneIsAUsageError() {
        build("--provider", "claude");
        assertThat(out.toString()).doesNotContain("wrapping");
        assertThat(build("--team", "data", "--provider", "claude")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--team needs an org");
    }

    @Test
    void theOrgAndTeamConnectedBySetupAreReadWhenNoneIsGiven() {
        StringWriter setupOut = new StringWriter();
        assertThat(dev.scc.cli.Main.run(new java.io.PrintWriter(setupOut, true), new java.io.PrintWriter(setupOut, true),
                services(), "setup", "--org", org.toString(), "--team", "data", "--provider", "claude", "--yes"))
                .as(setupOut.toString()).isZero();
        build("--provider", "claude");
        assertThat(out.toString()).contains("==> wrapping the programs the org's command rules name: gh psql\n");
    }
}
