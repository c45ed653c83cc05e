package dev.scc.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.testing.BrokerFixture;
import dev.scc.broker.testing.FakeModelApi;
import dev.scc.broker.testing.Orgs;
import dev.scc.broker.testing.TestTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerModelApiTest {
    static final String REAL_ANTHROPIC = "sk-ant-api03-" + "R".repeat(20) + "realkey" + "x".repeat(60) + "-AA";
    static final String REAL_OPENAI = "sk-proj-" + "Q".repeat(40) + "realopenai";
    static final String REAL_OAUTH = "sk-ant-oat01-" + "O".repeat(80) + "-oauthAA";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    FakeModelApi upstream(String cert) throws IOException {
        FakeModelApi f = new FakeModelApi(cert);
        open.add(f);
        return f;
    }

    BrokerFixture broker(FakeModelApi up, String extra) throws IOException {
        return broker(up, extra, "anthropic-key: {env: ANTHROPIC_API_KEY}");
    }

    BrokerFixture broker(FakeModelApi up, String extra, String anthropicCredential) throws IOException {
        return broker(up, extra, anthropicCredential, "{}");
    }

    BrokerFixture broker(FakeModelApi up, String extra, String anthropicCredential, String team) throws IOException {
        BrokerConfig config = Orgs.config(Orgs.header().replace("backend: {}", "backend: " + team) + extra + """
                broker:
                  ca_bundle: %s
                  max_request_bytes: 4096
                  credentials:
                    %s
                    openai-key: {env: OPENAI_API_KEY}
                  destinations:
                    - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key, upstream: "%s"}
                    - {name: openai, type: model-api, provider: openai, credential: openai-key, upstream: "%s"}
                """.formatted(TestTls.testCa(), anthropicCredential, up.uri(), up.uri()));
        String anthropic = anthropicCredential.contains("oauth") ? REAL_OAUTH : REAL_ANTHROPIC;
        BrokerFixture b = new BrokerFixture(config, Map.of("anthropic-key", anthropic, "openai-key", REAL_OPENAI),
                tmp.resolve("audit.jsonl"));
        open.add(b);
        return b;
    }

    HttpResponse<String> messages(BrokerFixture b, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/anthropic/v1/messages"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-test\",\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    List<JsonNode> audit(String kind) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path f = tmp.resolve("audit.jsonl");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                JsonNode n = JSON.readTree(line);
                if (kind.equals(n.path("kind").asText())) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    @Test
    void anthropicCallArrivesWithTheRealKeyAndNeverThePlaceholder() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "");
        String placeholder = b.placeholder("anthropic-key");

        HttpResponse<String> r = messages(b, placeholder);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("message_start").contains("message_stop");
        FakeModelApi.Seen seen = up.seen().get(0);
        assertThat(seen.path()).isEqualTo("/v1/messages");
        assertThat(seen.header("x-api-key")).isEqualTo(REAL_ANTHROPIC);
        assertThat(seen.headers().toString()).doesNotContain(placeholder);
        assertThat(placeholder).startsWith("sk-ant-api03-").hasSameSizeAs(REAL_ANTHROPIC).isNotEqualTo(REAL_ANTHROPIC);
    }

    @Test
    void openAiCallArrivesWithTheRealBearerToken() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "");
        String placeholder = b.placeholder("openai-key");

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/openai/v1/responses"))
                .header("Authorization", "Bearer " + placeholder)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("response.completed");
        assertThat(up.seen().get(0).header("Authorization")).isEqualTo("Bearer " + REAL_OPENAI);
        assertThat(up.seen().get(0).headers().toString()).doesNotContain(placeholder);
    }

    @Test
    void anthropicOauthTokenTravelsAsBearerWithoutApiKeyHeader() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "", "anthropic-key: {env: CLAUDE_CODE_OAUTH_TOKEN, auth: oauth}");
        String placeholder = b.placeholder("anthropic-key");

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/anthropic/v1/messages"))
                .header("Authorization", "Bearer " + placeholder)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.seen().get(0).header("Authorization")).isEqualTo("Bearer " + REAL_OAUTH);
        assertThat(up.seen().get(0).header("x-api-key")).isEmpty();
        assertThat(placeholder).startsWith("sk-ant-oat01-");
    }

    @Test
    void callWithoutThePlaceholderGetsNoCredential() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "");

        HttpResponse<String> r = messages(b, "sk-ant-api03-someoneelseskey");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"type\":\"error\"").contains("placeholder");
        assertThat(up.seen()).isEmpty();
    }

    @Test
    void streamedEventsReachTheClientBeforeTheResponseIsComplete() throws Exception {
        FakeModelApi up = upstream("test");
        up.gated();
        BrokerFixture b = broker(up, "");
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/anthropic/v1/messages"))
                .header("x-api-key", b.placeholder("anthropic-key"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        up.release();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            // Only the first event was released: reading it proves nothing waits for the rest.
            assertThat(in.readLine()).isEqualTo("event: message_start");
            assertThat(in.readLine()).contains("\"input_tokens\":10");
            for (int i = 0; i < 5; i++) {
                up.release();
            }
            StringBuilder rest = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                rest.append(line).append('\n');
            }
            assertThat(rest).contains("message_stop");
        }
    }

    @Test
    void usageRecordsAddUpToWhatTheUpstreamReported() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "");
        long[][] calls = {{10, 5}, {200, 70}, {3000, 900}};
        for (long[] c : calls) {
            up.usage(c[0], c[1]);
            assertThat(messages(b, b.placeholder("anthropic-key")).statusCode()).isEqualTo(200);
        }
        up.usage(40, 2);
        http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/openai/v1/responses"))
                .header("Authorization", "Bearer " + b.placeholder("openai-key"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        List<JsonNode> usage = audit("broker.usage");
        assertThat(usage).hasSize(4);
        assertThat(usage.stream().mapToLong(n -> n.path("details").path("input_tokens").asLong()).sum())
                .isEqualTo(10 + 200 + 3000 + 40);
        assertThat(usage.stream().mapToLong(n -> n.path("details").path("output_tokens").asLong()).sum())
                .isEqualTo(5 + 70 + 900 + 2);
        assertThat(usage.get(0).path("session_id").asText()).isEqualTo("s-test");
        assertThat(usage.get(0).path("details").path("model").asText()).isEqualTo("claude-test");
        assertThat(usage.get(3).path("details").path("destination").asText()).isEqualTo("openai");
        assertThat(b.server.sessionTokens()).isEqualTo(10 + 5 + 200 + 70 + 3000 + 900 + 40 + 2);
    }

    @Test
    void sessionBudgetRefusesFurtherCallsWithAMessageTheAgentShows() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, """
                defaults:
                  session: {token_budget: 100}
                """);
        up.usage(80, 30);
        assertThat(messages(b, b.placeholder("anthropic-key")).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = messages(b, b.placeholder("anthropic-key"));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("message").asText()).contains("token budget exhausted")
                .contains("110 of its 100 tokens").contains("session.token_budget");
        assertThat(up.seen()).hasSize(1);
        assertThat(audit("broker.decision")).singleElement()
                .satisfies(n -> assertThat(n.path("details").path("rule").asText()).isEqualTo("budget.session"));
        HttpResponse<String> openai = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/openai/v1/responses"))
                .header("Authorization", "Bearer " + b.placeholder("openai-key"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(openai.body()).path("error").path("message").asText()).contains("token budget");
    }

    @Test
    void teamBudgetCountsEveryUsageRecordOfTheTeamTodayAcrossSessions() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "", "anthropic-key: {env: ANTHROPIC_API_KEY}", "{team_token_budget: 100}");
        // Another session of the same team already used most of today's budget (same audit log).
        b.audit.append(new dev.scc.policy.audit.AuditEvent.TokenUsage("s-other", "backend", "anthropic", "m", 90, 0));
        b.audit.append(new dev.scc.policy.audit.AuditEvent.TokenUsage("s-else", "frontend", "anthropic", "m", 900, 0));
        assertThat(messages(b, b.placeholder("anthropic-key")).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = messages(b, b.placeholder("anthropic-key"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("your team has used 105 of its 100 tokens today");
        assertThat(up.seen()).hasSize(1);
    }

    @Test
    void upstreamWithACertificateFromAnUntrustedCaIsRefusedAndNothingIsSent() throws Exception {
        FakeModelApi rogue = upstream("rogue");
        BrokerFixture b = broker(rogue, "");

        HttpResponse<String> r = messages(b, b.placeholder("anthropic-key"));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("TLS to localhost").contains("failed verification");
        assertThat(rogue.seen()).isEmpty();
        assertThat(r.body()).doesNotContain(REAL_ANTHROPIC).doesNotContain(b.placeholder("anthropic-key"));
    }

    @Test
    void oversizedRequestIsRefusedWithAClearError() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "");

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/anthropic/v1/messages"))
                .header("x-api-key", b.placeholder("anthropic-key"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("exceeds broker.max_request_bytes (4096)");
        assertThat(up.seen()).isEmpty();
    }

    @Test
    void unknownRouteNamesTheBrokeredRoutes() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "");

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/elsewhere/v1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("/anthropic").contains("/openai");
    }

    @Test
    void auditLogNeverHoldsACredentialOrPlaceholder() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerFixture b = broker(up, "defaults:\n  session: {token_budget: 1}\n");
        messages(b, b.placeholder("anthropic-key"));
        messages(b, b.placeholder("anthropic-key"));
        // A record whose text happens to hold the values is redacted by the vault's redactor.
        b.audit.append(new dev.scc.policy.audit.AuditEvent.BrokerDecision("s-test", "anthropic", "probe "
                + REAL_ANTHROPIC, b.placeholder("openai-key"), "block", "r", REAL_OPENAI));

        String log = Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(log).contains("broker.usage").contains("budget.session")
                .doesNotContain(REAL_ANTHROPIC).doesNotContain(REAL_OPENAI)
                .doesNotContain(b.placeholder("anthropic-key")).doesNotContain(b.placeholder("openai-key"));
    }

    @Test
    void mcpServerGetsItsCredentialInItsOwnHeader() throws Exception {
        FakeModelApi up = upstream("test");
        BrokerConfig config = Orgs.config(Orgs.header() + """
                broker:
                  ca_bundle: %s
                  credentials: {docs-token: {file: /run/secrets/docs}}
                  destinations:
                    - {name: docs, type: mcp, upstream: "%s/mcp", credential: docs-token, header: X-Docs-Key}
                """.formatted(TestTls.testCa(), up.uri()));
        BrokerFixture b = new BrokerFixture(config, Map.of("docs-token", "docs-secret-0123456789"),
                tmp.resolve("audit.jsonl"));
        open.add(b);

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/mcp/docs/rpc?x=1"))
                .header("X-Docs-Key", b.placeholder("docs-token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.seen().get(0).path()).isEqualTo("/mcp/rpc?x=1");
        assertThat(up.seen().get(0).header("X-Docs-Key")).isEqualTo("docs-secret-0123456789");
        assertThat(up.seen().get(0).body()).isEqualTo("{\"jsonrpc\":\"2.0\"}");
    }
}
