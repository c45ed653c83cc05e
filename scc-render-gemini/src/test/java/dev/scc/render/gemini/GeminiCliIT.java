package dev.scc.render.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.PlanOptions;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderWriter;
import dev.scc.safety.evaluator.EvaluatorMain;
import dev.scc.testkit.Fixtures;
import dev.scc.testkit.NativeCli;
import dev.scc.testkit.model.FakeGeminiApi;
import dev.scc.testkit.model.FakeModelMain;
import dev.scc.testkit.model.ModelScript;
import dev.scc.testkit.model.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned real {@code gemini} (0.61.0) accepts what the renderer writes, offline: the rendered {@code etc} is
 * overlaid on {@code /etc} (so the system settings and admin policies are read at their real, root-owned paths), and
 * a scripted Gemini API ({@link FakeGeminiApi}) answers on loopback inside the same network namespace. The safety
 * hook is SCC's real one: the native {@code scc-hook} client from the scc-safety jar asking a resident evaluator,
 * whose audit log is the hook's own record of what it judged.
 */
class GeminiCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MODEL_PORT = 18_765;
    private static final GeminiProvider PROVIDER = new GeminiProvider();
    @TempDir Path root;
    @TempDir Path home;
    @TempDir Path ws;
    @TempDir Path safety;
    @TempDir Path model;
    private Process evaluator;

    @BeforeEach
    void startSafetyEvaluator() throws Exception {
        Path bin = Files.createDirectories(safety.resolve("bin"));
        try (InputStream in = EvaluatorMain.class.getResourceAsStream("/META-INF/scc-safety/scc-wrapper")) {
            assertThat(in).as("the scc-safety jar carries the native scc-hook client").isNotNull();
            Files.copy(in, bin.resolve("scc-hook"));
        }
        Files.setPosixFilePermissions(bin.resolve("scc-hook"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bin.resolve("scc-wrapper.conf"), "socket=" + safety.resolve("safety.sock") + "\nreal_dir="
                + safety.resolve("real") + "\n");
        Files.setPosixFilePermissions(bin.resolve("scc-wrapper.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        Path policy = safety.resolve("policy.json");
        Files.writeString(policy, "{\"action\":\"block\"}\n");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
        // The hook formats as SCC places them in a sandbox, from the provider's declaration.
        Path formats = safety.resolve("hook-formats.json");
        AgentProvider.HookFormat f = PROVIDER.hookFormat();
        Files.writeString(formats, "{\"gemini\": {\"label\": \"" + f.label() + "\", \"shell_tools\": "
                + JSON.writeValueAsString(f.shellTools()) + "}}\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = Path.of(EvaluatorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        evaluator = new ProcessBuilder(java, "-cp", cp, EvaluatorMain.class.getName(), "--policy", policy.toString(),
                "--socket", safety.resolve("safety.sock").toString(), "--audit-log", audit().toString(),
                "--session", "gemini-it", "--hook-formats", formats.toString())
                .redirectErrorStream(true).redirectOutput(safety.resolve("evaluator.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!read(safety.resolve("evaluator.log")).contains("evaluator listening on")) {
            assertThat(evaluator.isAlive()).as("evaluator died: " + read(safety.resolve("evaluator.log"))).isTrue();
            assertThat(System.nanoTime()).as("evaluator did not start").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterEach
    void stopSafetyEvaluator() throws Exception {
        if (evaluator != null) {
            evaluator.destroy();
            evaluator.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path audit() {
        return safety.resolve("audit.jsonl");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private PlanOptions options() {
        return PlanOptions.DEFAULTS.withWorkspace(ws.toString())
                .withHookCommandTemplate(safety.resolve("bin/scc-hook") + " {provider}");
    }

    private void render(EffectiveConfig config) {
        new RenderWriter(root).apply(GeminiRenderer.ID, new GeminiRenderer()
                .render(RenderPlans.from(config, GeminiRenderer.ID, options()), RenderContext.DEFAULTS).files());
    }

    /** Only the safety net (hook and deny rules): no MCP server that would try to start offline. */
    private static EffectiveConfig safetyOnly() {
        return Fixtures.config(List.of(), List.of(), Map.of(), List.of(), Fixtures.safety(Map.of("action", "block")),
                List.of());
    }

    private NativeCli.Result prompt(ModelScript script) throws IOException {
        return run(script, PROVIDER.headlessCommand("Do what the script says.").orElseThrow());
    }

    /** Runs {@code argv} as the provider declares it, pointed at the scripted model the way a launch points it. */
    private NativeCli.Result run(ModelScript script, List<String> argv) throws IOException {
        Files.writeString(model.resolve(FakeModelMain.SCRIPT), script.format());
        Map<String, String> env = new java.util.HashMap<>(PROVIDER.modelEndpointEnv("http://127.0.0.1:" + MODEL_PORT));
        env.put(GeminiProvider.API_KEY_ENV, "test-key-not-secret");
        return NativeCli.runWithModel(root, ws, home, env, new NativeCli.Model("gemini", MODEL_PORT, model),
                argv.toArray(String[]::new));
    }

    private List<JsonNode> auditRecords() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : read(audit()).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** The last request's function responses: what the model was told about its tool call. */
    private List<String> toolResults() {
        List<RecordedRequest> requests = RecordedRequest.readAll(model);
        assertThat(requests).as("requests the scripted model saw").isNotEmpty();
        return FakeGeminiApi.toolResults(requests.get(requests.size() - 1).body());
    }

    @Test
    void geminiLoadsTheRenderedSystemSettingsAndListsTheRenderedServersButNotTheBlockedOne() {
        render(Fixtures.rich());
        NativeCli.Result r = NativeCli.run(root, ws, home, Map.of("GEMINI_API_KEY", "test-key-not-secret"),
                "gemini", "mcp", "list");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).contains("filesystem", "github", "legacy-events").doesNotContain("evil-server");
    }

    @Test
    void aServerAddedInTheUserLayerIsNotStartedPastTheRenderedAllowlist() throws Exception {
        render(Fixtures.rich());
        Path user = Files.createDirectories(home.resolve(".gemini")).resolve("settings.json");
        Files.writeString(user, "{\"mcpServers\":{\"sneaky\":{\"command\":\"sneaky-server\"}}}\n");
        NativeCli.Result r = NativeCli.run(root, ws, home, Map.of("GEMINI_API_KEY", "test-key-not-secret"),
                "gemini", "mcp", "list");
        assertThat(r.exitCode()).as(r.all()).isZero();
        // Gemini lists it, but marks it blocked and never starts it.
        assertThat(r.all()).contains("filesystem").containsPattern("sneaky: .*- Blocked");
    }

    @Test
    void theBeforeToolHookRunsSccsHookWhichDeniesADestructiveGitCommandTheDenyRulesDoNotCover() throws Exception {
        render(safetyOnly());
        // A force push through a '+' refspec: no prefix rule names it, the safety engine does.
        String push = "git push origin +main:main";
        NativeCli.Result r = prompt(ModelScript.builder().shell(push).say("finished").build());
        assertThat(r.exitCode()).as(r.all()).isZero();

        List<JsonNode> verdicts = auditRecords();
        assertThat(verdicts).as("the hook's own log: " + read(audit())).hasSize(1);
        JsonNode v = verdicts.get(0);
        assertThat(v.path("source").asText()).isEqualTo("hook:gemini");
        assertThat(v.path("command").asText()).isEqualTo(push);
        assertThat(v.path("cwd").asText()).isEqualTo(ws.toString());
        assertThat(v.path("decision").asText()).isEqualTo("block");
        assertThat(toolResults()).singleElement().asString().contains("Tool execution blocked", "[Gemini] SCC safety");
    }

    @Test
    void theHookLetsAHarmlessCommandRunAndLogsItsAllow() throws Exception {
        render(safetyOnly());
        NativeCli.Result r = prompt(ModelScript.builder().shell("echo gemini-was-here > marker.txt").say("ok").build());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(ws.resolve("marker.txt")).hasContent("gemini-was-here");
        assertThat(toolResults()).singleElement().asString().doesNotContain("blocked");
        assertThat(auditRecords()).singleElement().satisfies(v -> {
            assertThat(v.path("source").asText()).isEqualTo("hook:gemini");
            assertThat(v.path("decision").asText()).isEqualTo("allow");
        });
    }

    @Test
    void theResumeCommandContinuesTheLatestSessionOfTheWorkspace() throws Exception {
        render(safetyOnly());
        assertThat(prompt(ModelScript.builder().say("first answer").build()).exitCode()).isZero();
        List<String> argv = new ArrayList<>(PROVIDER.agentCommand(true));
        argv.addAll(List.of("-p", "second question"));
        NativeCli.Result r = run(ModelScript.builder().say("second answer").build(), argv);
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<RecordedRequest> requests = RecordedRequest.readAll(model);
        String last = requests.get(requests.size() - 1).bodyText();
        assertThat(last).contains("Do what the script says.", "first answer", "second question");
    }

    /**
     * agent-drills.md's trap: a {@code hooksConfig.disabled} list in the user layer switches the system hook off.
     * The rendered admin-tier policy still denies the force push, and says it is SCC's rule.
     */
    @Test
    void withTheHookDisabledInTheUserLayerTheAdminPolicyStillDeniesAForcePush() throws Exception {
        render(safetyOnly());
        Path user = Files.createDirectories(home.resolve(".gemini")).resolve("settings.json");
        Files.writeString(user, "{\"hooksConfig\":{\"disabled\":[\"" + GeminiRenderer.HOOK_NAME + "\"]}}\n");
        NativeCli.Result r = prompt(ModelScript.builder().shell("git push --force origin main").say("finished").build());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(auditRecords()).as("the hook was disabled: it judged nothing").isEmpty();
        assertThat(toolResults()).singleElement().asString().contains("SCC safety: ").doesNotContain("[Gemini]");
    }
}
