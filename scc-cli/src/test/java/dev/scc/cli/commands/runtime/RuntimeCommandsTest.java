package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.Main;
import dev.scc.runtime.docker.DockerBackendConfig;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RuntimeCommandsTest {
    @TempDir Path tmp;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    private int scc(String... args) {
        // A home of the test's own: no user config on this machine can turn these into governed launches.
        return Main.run(new PrintWriter(out), new PrintWriter(err),
                new dev.scc.cli.CliServices(Map.of("HOME", tmp.toString(), "DOCKER_HOST", "unix://" + tmp.resolve("dead.sock")),
                        tmp, java.time.Clock.systemUTC()), args);
    }

    /** A workspace that is a repository (scc start refuses the home directory and a plain directory). */
    private String ws() {
        try {
            return java.nio.file.Files.createDirectories(tmp.resolve("ws/.git")).getParent().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A backend whose engine is a dead unix socket, and a state dir of the test's own. */
    private Supplier<DockerRuntimeBackend> deadEngine() {
        return () -> new DockerRuntimeBackend(DockerBackendConfig.fromEnvironment(Map.of("HOME", tmp.toString()))
                .withDockerHost("unix://" + tmp.resolve("dead.sock")).withStateDir(tmp.resolve("state")));
    }

    private int run(Object command, String... args) {
        return CommandRun.run(command, out, err, args);
    }

    @Test
    void dryRunShowsTheCompiledAclAndTouchesNothing() {
        assertThat(scc("start", "--dry-run", "--provider", "codex", "--allow", ".github.com", ws())).isZero();
        String v = dev.scc.runtime.docker.ImageNames.VERSION;
        assertThat(out.toString()).contains("nothing is created", "web-egress-enforced", "scc-agent-codex:" + v,
                "scc-egress-proxy:" + v, "acl scc_allowed dstdomain -n .github.com api.openai.com auth.openai.com chatgpt.com",
                "http_access deny !scc_allowed", "codex --dangerously-bypass-approvals-and-sandbox");
    }

    @Test
    void lockedDownWithAProviderThatNeedsItsApiIsAGovernanceRefusal() {
        assertThat(scc("start", "--dry-run", "--network", "locked-down-web", ws())).isEqualTo(ExitCodes.GOVERNANCE);
        assertThat(err.toString()).contains("needs its API").contains("local model endpoint");
    }

    @Test
    void unknownPostureIsAUsageError() {
        assertThat(scc("start", "--dry-run", "--network", "wide-open", ws())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("open, web-egress-enforced, locked-down-web");
    }

    @Test
    void anIpLiteralDestinationIsRejectedWithTheEntryNamed() {
        assertThat(scc("start", "--dry-run", "--allow", "10.0.0.0/8", ws())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'10.0.0.0/8'");
    }

    @Test
    void pruneWithTheEngineDownExitsWithPrerequisiteAndSaysHowToFixIt() {
        assertThat(run(new PruneCommand(deadEngine()))).isEqualTo(ExitCodes.PREREQUISITE);
        assertThat(err.toString()).contains("cannot reach the Docker engine at unix://").contains("DOCKER_HOST");
    }

    @Test
    void doctorWithTheEngineDownListsEachFailureWithAFix() throws Exception {
        assertThat(run(new DoctorCommand(deadEngine(), Map.of("HOME", tmp.toString())), "--json"))
                .isEqualTo(ExitCodes.PREREQUISITE);
        JsonNode doc = RuntimeCli.JSON.readTree(out.toString());
        assertThat(doc.get("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(doc.get("kind").asText()).isEqualTo("DoctorReport");
        JsonNode engine = doc.get("data").get(0);
        assertThat(engine.get("name").asText()).isEqualTo("engine");
        assertThat(engine.get("ok").asBoolean()).isFalse();
        assertThat(engine.get("fix").asText()).contains("DOCKER_HOST");
        assertThat(doc.get("data")).allSatisfy(c -> {
            if (!c.get("ok").asBoolean()) {
                assertThat(c.get("fix").asText()).isNotBlank();
            }
        });
    }

    @Test
    void doctorAcceptsAnApiKeyAsProviderAuth() {
        run(new DoctorCommand(deadEngine(), Map.of("HOME", tmp.toString(), "OPENAI_API_KEY", "k")), "--provider", "codex");
        assertThat(out.toString()).containsPattern("ok\\s+auth codex\\s+OPENAI_API_KEY set: kept on the host by the credential broker");
    }

    @Test
    void doctorSaysWhereTheAgentWillSignInWithoutACredentialVariable() {
        assertThat(DoctorCommand.authCheck("claude", Map.of("CLAUDE_CODE_OAUTH_TOKEN", "t")))
                .isEqualTo(new DoctorCommand.Check("auth claude", true, "CLAUDE_CODE_OAUTH_TOKEN set: " + DoctorCommand.BROKERED, ""));
        DoctorCommand.Check none = DoctorCommand.authCheck("claude", Map.of("ANTHROPIC_API_KEY", " "));
        assertThat(none.ok()).as("signing in inside the sandbox works too").isTrue();
        assertThat(none.detail()).isEqualTo("no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN: the agent asks to sign in "
                + "inside the sandbox, once per workspace");
        assertThat(none.fix()).contains("claude setup-token");
        // A sign-in file on the host is no credential for the sandbox: it never reaches it.
        Path hostLogin = tmp.resolve(".claude/.credentials.json");
        assertThat(DoctorCommand.authCheck("claude", Map.of("HOME", tmp.toString())).detail()).doesNotContain(hostLogin.toString())
                .startsWith("no ANTHROPIC_API_KEY");
    }

    @Test
    void sessionsWithNoRecordsSaysSoAsTextAndAsJson() throws Exception {
        assertThat(run(new SessionsCommand(deadEngine()))).isZero();
        assertThat(out.toString()).contains("no live sessions");
        out.getBuffer().setLength(0);
        assertThat(run(new SessionsCommand(deadEngine()), "--json")).isZero();
        assertThat(RuntimeCli.JSON.readTree(out.toString()).get("data").isArray()).isTrue();
    }

    @Test
    void stopNeedsASessionOrAll() {
        assertThat(run(new StopCommand(deadEngine()))).isEqualTo(ExitCodes.USAGE);
        assertThat(run(new StopCommand(deadEngine()), "--all")).isZero();
        assertThat(out.toString()).contains("no live sessions");
    }
}
