package dev.scc.broker.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.testing.BrokerFixture;
import dev.scc.broker.testing.FakeModelApi;
import dev.scc.broker.testing.Orgs;
import dev.scc.broker.testing.TestTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pinned claude and codex CLIs pointed at the broker exactly as a brokered launch points them
 * ({@code BrokerLaunch.agentEnvironment}: base URL and placeholder only), with the scripted model behind TLS from the
 * test CA on loopback. The fake checks the real key arrived and the placeholder never did; the session budget stops
 * the next call with a message the CLI prints.
 */
class RealAgentsThroughBrokerIT {
    /** Where .ci/clients.sh installs the pinned CLIs ({@code SCC_CLIENTS_DIR}, default /opt/scc-clients). */
    static final Path BIN = Path.of(System.getenv().getOrDefault("SCC_CLIENTS_DIR", "/opt/scc-clients"),
            "node_modules", ".bin");
    static final String ANTHROPIC = "sk-ant-api03-" + "Z".repeat(86) + "-realAA";
    static final String OPENAI = "sk-proj-" + "Y".repeat(48);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    FakeModelApi up;
    BrokerFixture broker;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void requireClients() {
        if (!Files.isExecutable(BIN.resolve("claude")) || !Files.isExecutable(BIN.resolve("codex"))) {
            if (Boolean.getBoolean("scc.it.require")) {
                throw new AssertionError("real-part suite cannot run: claude/codex not installed under " + BIN
                        + " (.ci/clients.sh installs them)");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "claude/codex not installed");
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    void start(String extra) throws IOException {
        up = new FakeModelApi("test");
        open.add(up);
        BrokerConfig config = Orgs.config(Orgs.header() + extra + """
                broker:
                  ca_bundle: %s
                  credentials:
                    anthropic-key: {env: ANTHROPIC_API_KEY}
                    openai-key: {env: OPENAI_API_KEY}
                  destinations:
                    - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key, upstream: "%s"}
                    - {name: openai, type: model-api, provider: openai, credential: openai-key, upstream: "%s"}
                """.formatted(TestTls.testCa(), up.uri(), up.uri()));
        broker = new BrokerFixture(config, Map.of("anthropic-key", ANTHROPIC, "openai-key", OPENAI),
                tmp.resolve("audit.jsonl"));
        open.add(broker);
    }

    /** What BrokerLaunch.agentEnvironment gives the agent (its test covers that mapping), for this broker's vault. */
    Map<String, String> agentEnv(String agent) {
        String base = broker.uri().toString();
        return "claude".equals(agent)
                ? Map.of("ANTHROPIC_BASE_URL", base + "/anthropic", "ANTHROPIC_API_KEY", broker.placeholder("anthropic-key"))
                : Map.of("OPENAI_BASE_URL", base + "/openai/v1", "OPENAI_API_KEY", broker.placeholder("openai-key"));
    }

    record Run(int exit, String out) {}

    Run claude(String prompt) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("claude-home"));
        List<String> cmd = List.of(BIN.resolve("claude").toString(), "-p", prompt, "--output-format", "json");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANTHROPIC") || k.startsWith("CLAUDE") || k.startsWith("OPENAI"));
        env.put("HOME", home.toString());
        env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.putAll(agentEnv("claude"));
        return run(pb);
    }

    Run codex(String prompt) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("codex-home"));
        Files.writeString(home.resolve("config.toml"), """
                model = "mock-model"
                model_provider = "broker"
                [model_providers.broker]
                name = "broker"
                base_url = "%s"
                env_key = "OPENAI_API_KEY"
                wire_api = "responses"
                supports_websockets = false
                request_max_retries = 0
                stream_max_retries = 0
                [features]
                plugins = false
                [analytics]
                enabled = false
                """.formatted(agentEnv("codex").get("OPENAI_BASE_URL")));
        List<String> cmd = List.of(BIN.resolve("codex").toString(), "exec", "--json",
                "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", prompt);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANTHROPIC") || k.startsWith("CODEX") || k.startsWith("OPENAI"));
        env.put("HOME", home.toString());
        env.put("CODEX_HOME", home.toString());
        env.putAll(agentEnv("codex"));
        return run(pb);
    }

    static Run run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("agent did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    long auditSum(String field) throws IOException {
        long sum = 0;
        for (String line : Files.readAllLines(tmp.resolve("audit.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if ("broker.usage".equals(n.path("kind").asText())) {
                sum += n.path("details").path(field).asLong();
            }
        }
        return sum;
    }

    @Test
    void claudeCompletesThroughTheBrokerWithTheRealKeyArrivingAndNeverThePlaceholder() throws Exception {
        start("");
        up.usage(1234, 56);

        Run r = claude("say done");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("done");
        assertThat(up.seen()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.header("x-api-key")).isEqualTo(ANTHROPIC);
            assertThat(s.headers().toString()).doesNotContain(broker.placeholder("anthropic-key"));
        });
        long calls = up.seen().stream().filter(s -> s.path().startsWith("/v1/messages")).count();
        assertThat(auditSum("input_tokens")).isEqualTo(1234 * calls);
        assertThat(auditSum("output_tokens")).isEqualTo(56 * calls);
    }

    @Test
    void codexCompletesThroughTheBrokerWithTheRealKeyArrivingAndNeverThePlaceholder() throws Exception {
        start("");
        up.usage(700, 30);

        Run r = codex("say done");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("done");
        assertThat(up.seen()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.header("Authorization")).isEqualTo("Bearer " + OPENAI);
            assertThat(s.headers().toString()).doesNotContain(broker.placeholder("openai-key"));
        });
        assertThat(auditSum("input_tokens")).isEqualTo(700L * up.seen().size());
    }

    @Test
    void budgetStopsClaudeWithTheBudgetMessage() throws Exception {
        start("defaults:\n  session: {token_budget: 1000}\n");
        up.usage(900, 200);
        assertThat(claude("say done").exit()).isZero();

        Run stopped = claude("say done again");

        assertThat(stopped.out()).contains("SCC token budget exhausted");
    }

    @Test
    void budgetStopsCodexWithTheBudgetMessage() throws Exception {
        start("defaults:\n  session: {token_budget: 1000}\n");
        up.usage(900, 200);
        assertThat(codex("say done").exit()).isZero();

        Run stopped = codex("say done again");

        assertThat(stopped.exit()).isNotZero();
        assertThat(stopped.out()).contains("SCC token budget exhausted");
    }
}
