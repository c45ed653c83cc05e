package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.cli.ExitCodes;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.testkit.runtime.InMemoryRuntimeBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The runtime commands work with any backend behind the SPI: here the testkit's in-memory one, which is neither
 * Docker nor known to the CLI. A session started by one command is seen, stopped and pruned by the others.
 */
class RuntimeCommandsOnAnyBackendTest {
    @TempDir Path tmp;
    Path ws;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    final InMemoryRuntimeBackend.World world = new InMemoryRuntimeBackend.World();
    final Supplier<RuntimeBackend> backends = () -> new InMemoryRuntimeBackend(world, Clock.systemUTC(), -1);

    @BeforeEach
    void repository() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws/.git")).getParent();
    }

    private int run(Object command, String... args) {
        return CommandRun.run(command, out, err, args);
    }

    private String startDetached() {
        assertThat(run(new StartCommand(backends), "--detach", "--network", "open", ws.toString())).as(err.toString())
                .isZero();
        assertThat(out.toString()).startsWith("session ").contains(" running: claude in " + ws);
        return out.toString().split(" ")[1];
    }

    @Test
    void aDryRunShowsTheBackendsPlanAndCreatesNothing() {
        assertThat(run(new StartCommand(backends), "--dry-run", ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("runtime        in-memory", "agent image    mem-image-claude",
                "would create   network mem-<id>-net (network), gate mem-<id>-gate (proxy), sandbox mem-<id>-sandbox (agent)",
                ws + " -> /workspace (rw)");
        assertThat(world.objectsOf(dev.scc.core.runtime.Session.workspaceHash(ws))).isEmpty();
    }

    @Test
    void aDryRunAsJsonListsTheObjectsAndEnvNamesNotValues() throws Exception {
        assertThat(run(new StartCommand(backends), "--dry-run", "--json", ws.toString())).isZero();
        JsonNode data = RuntimeCli.JSON.readTree(out.toString()).get("data");
        assertThat(data.get("backend").asText()).isEqualTo("in-memory");
        assertThat(data.get("objects")).extracting(o -> o.get("role").asText()).contains("agent", "proxy");
        assertThat(data.get("env_names").toString()).doesNotContain("=");
    }

    @Test
    void aStartedSessionIsListedStoppedAndThenListedAsStopped() throws Exception {
        String id = startDetached();
        assertThat(run(new SessionsCommand(backends), "--json")).isZero();
        JsonNode row = RuntimeCli.JSON.readTree(out.toString()).get("data").get(0);
        assertThat(row.get("id").asText()).isEqualTo(id);
        assertThat(row.get("state").asText()).isEqualTo("running");
        assertThat(row.get("backend").asText()).isEqualTo("in-memory");
        assertThat(row.get("objects").get(0).get("role").asText()).isEqualTo("agent");
        assertThat(run(new SessionsCommand(backends))).isZero();
        assertThat(out.toString()).contains(id, "running", "open");

        assertThat(run(new StopCommand(backends), id)).isZero();
        assertThat(out.toString()).contains("stopped " + id);
        assertThat(run(new SessionsCommand(backends))).isZero();
        assertThat(out.toString()).contains("no live sessions");
        assertThat(run(new SessionsCommand(backends), "--all")).isZero();
        assertThat(out.toString()).contains(id, "stopped");
    }

    @Test
    void aPromptRunsHeadlessThroughExecAndExitsWithItsCode() {
        assertThat(run(new StartCommand(backends), "--network", "open", "--prompt", "say hi", ws.toString())).isZero();
        assertThat(out.toString()).endsWith("say hi\n");
    }

    @Test
    void pruneListsWhatASessionLeftWhenItsSandboxWentAway() throws Exception {
        String id = startDetached();
        String sandbox = "mem-" + id + "-sandbox";
        world.lose(sandbox);
        assertThat(run(new PruneCommand(backends), "--dry-run")).isZero();
        assertThat(out.toString()).contains("would mark session " + id + " stopped");
        assertThat(run(new PruneCommand(backends), "--yes")).isZero();
        assertThat(out.toString()).contains("marked session " + id + " stopped");
        assertThat(run(new PruneCommand(backends), "--yes")).isZero();
        assertThat(out.toString()).contains("nothing to prune");
    }

    @Test
    void theNetworkLogOfASessionWithoutEgressEnforcementIsAClearError() {
        String id = startDetached();
        assertThat(run(new NetworkCommand.Log(backends), id)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no egress gate");
    }

    @Test
    void imageBuildOnABackendWithoutImagesSaysSo() {
        // The user's command as it is: nothing is staged before the backend says it builds no images.
        assertThat(run(new ImageCommand.Build(backends), "--provider", "claude")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("runtime backend 'in-memory' runs no images SCC builds");
    }

    @Test
    void doctorOfABackendWithoutImagesChecksTheEngineOnly() {
        run(new DoctorCommand(backends, java.util.Map.of("HOME", tmp.toString())), "--provider", "claude");
        assertThat(out.toString()).containsPattern("ok\\s+engine\\s+in-memory engine").doesNotContain("image ");
    }

    @Test
    void aGovernedStartBuildsOneRuntimeBackendThatTheWarmUpAndTheLaunchShare() throws Exception {
        Path org = Files.writeString(tmp.resolve("org.yaml"), """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                defaults: {network_policy: web-egress-enforced}
                profiles:
                  web: {allowed_providers: [claude]}
                """);
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        Supplier<RuntimeBackend> counted = () -> {
            made.incrementAndGet();
            return backends.get();
        };
        dev.scc.cli.CliServices services = new dev.scc.cli.CliServices(java.util.Map.of("HOME", tmp.toString()), tmp,
                Clock.systemUTC());

        assertThat(run(new StartCommand(services, counted), "--org", org.toString(), "--team", "web", "--prompt",
                "say hi", ws.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains(" running: claude in " + ws).endsWith("say hi\n");
        assertThat(world.objectsOf(dev.scc.core.runtime.Session.workspaceHash(ws))).as("the governed session")
                .isNotEmpty();
        assertThat(made).as("one backend per start: the warm-up's is the launch's").hasValue(1);
    }
}
