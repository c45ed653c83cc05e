package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import dev.scc.app.launch.GovernedLaunch;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.safety.Decision;
import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc start} without an org: nothing is governed, but the sandbox's safety engine still gets a policy. */
class StandaloneStartTest {
    @TempDir Path home;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int scc(String... args) {
        CliServices services = new CliServices(Map.of("HOME", home.toString(), "DOCKER_HOST",
                "unix://" + home.resolve("no-docker.sock")), home, Clock.systemUTC());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    @Test
    void aStandaloneSessionPlacesTheDefaultSafetyPolicy() throws IOException {
        Path ws = Files.createDirectories(home.resolve("repo/.git")).getParent();
        assertThat(scc("start", "--dry-run", "--json", "--provider", "claude", ws.toString())).as(err.toString())
                .isZero();
        assertThat(err.toString()).contains("standalone session");
        JsonNode files = new ObjectMapper().readTree(out.toString()).path("data").path("rendered_files");
        assertThat(files.findValuesAsText("path")).contains(GovernedLaunch.SAFETY_POLICY_PATH);
    }

    @Test
    void theDefaultPolicyTurnsEveryRuleOnAndAllowsTheSessionsDestinations() {
        SandboxFile f = GovernedLaunch.defaultSafetyPolicy(List.of("api.anthropic.com", ".github.com"));
        assertThat(f.containerPath()).isEqualTo("/etc/scc/safety-policy.json");
        assertThat(f.mode()).isEqualTo(0644);
        String json = new String(f.content(), StandardCharsets.UTF_8);
        SafetyPolicy p = SafetyPolicyLoader.parse(json, f.containerPath());
        assertThat(p.failure()).as(json).isEmpty();
        SafetyEngine engine = new SafetyEngine(p);
        assertThat(engine.evaluateLine("git push --force origin main").decision()).isEqualTo(Decision.BLOCK);
        assertThat(engine.evaluateLine("git status").decision()).isEqualTo(Decision.ALLOW);
        assertThat(json).contains("\"allowed_destinations\"", "api.anthropic.com", ".github.com");
    }
}
