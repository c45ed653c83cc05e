package dev.scc.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeModelApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    static InetSocketAddress loopback() throws Exception {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    HttpResponse<String> post(FakeModelApi api, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data lines of an SSE body, as JSON, with their event names checked against their types. */
    static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String event = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                JsonNode d = JSON.readTree(line.substring(6));
                assertThat(d.path("type").asText()).isEqualTo(event);
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void anthropicStreamsAToolUseOfBashForAShellTurnThenEndsTheTurnOnceTheResultCameBack() throws Exception {
        ModelScript script = ModelScript.builder().shell("git push --force origin main").build();
        try (FakeAnthropicApi api = new FakeAnthropicApi(script)) {
            api.start(loopback());
            String first = "{\"model\":\"m\",\"stream\":true,\"tools\":[{\"name\":\"Bash\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
            HttpResponse<String> r = post(api, "/v1/messages", first);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
            List<JsonNode> ev = events(r.body());
            assertThat(ev).extracting(e -> e.path("type").asText()).containsExactly("message_start",
                    "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
            assertThat(ev.get(1).path("content_block").path("name").asText()).isEqualTo("Bash");
            assertThat(JSON.readTree(ev.get(2).path("delta").path("partial_json").asText()).path("command").asText())
                    .isEqualTo("git push --force origin main");
            assertThat(ev.get(4).path("delta").path("stop_reason").asText()).isEqualTo("tool_use");

            String id = ev.get(1).path("content_block").path("id").asText();
            String second = "{\"stream\":true,\"tools\":[{\"name\":\"Bash\"}],\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"" + id + "\"}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + id
                    + "\",\"content\":\"blocked by hook\",\"is_error\":true}]}]}";
            List<JsonNode> ev2 = events(post(api, "/v1/messages", second).body());
            assertThat(ev2.get(1).path("content_block").path("type").asText()).isEqualTo("text");
            assertThat(ev2.get(2).path("delta").path("text").asText()).isEqualTo(ModelScript.DONE);
            assertThat(ev2.get(4).path("delta").path("stop_reason").asText()).isEqualTo("end_turn");

            assertThat(api.requests()).hasSize(2);
            assertThat(FakeAnthropicApi.toolResults(api.requests().get(1).body())).containsExactly("blocked by hook");
        }
    }

    @Test
    void anthropicCountsTokensAndAnswersSideRequestsWithoutToolsWithText(@TempDir Path data) throws Exception {
        try (FakeAnthropicApi api = new FakeAnthropicApi(ModelScript.builder().shell("ls").build(), data)) {
            api.start(loopback());
            HttpResponse<String> c = post(api, "/v1/messages/count_tokens", "{\"messages\":[]}");
            assertThat(JSON.readTree(c.body()).path("input_tokens").asInt()).isPositive();
            JsonNode side = JSON.readTree(post(api, "/v1/messages", "{\"messages\":[{\"role\":\"user\",\"content\":\"t\"}]}")
                    .body());
            assertThat(side.path("content").get(0).path("type").asText()).isEqualTo("text");
            assertThat(post(api, "/v1/other", "{}").statusCode()).isEqualTo(404);
            assertThat(RecordedRequest.readAll(data)).extracting(RecordedRequest::path)
                    .containsExactly("/v1/messages/count_tokens", "/v1/messages", "/v1/other");
        }
    }

    @Test
    void openAiCallsTheOfferedShellFunctionAndMcpToolsInTheirNamespace() throws Exception {
        ModelScript script = ModelScript.builder().shell("sh push.sh").tool("mcp__fs__read_file", "{\"path\":\"a\"}")
                .build();
        try (FakeOpenAiResponsesApi api = new FakeOpenAiResponsesApi(script)) {
            api.start(loopback());
            String first = "{\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\"},{\"type\":\"namespace\","
                    + "\"name\":\"mcp__fs\",\"tools\":[{\"name\":\"read_file\"}]}],\"input\":[{\"type\":\"message\","
                    + "\"role\":\"user\",\"content\":[]}]}";
            List<JsonNode> ev = events(post(api, "/v1/responses", first).body());
            assertThat(ev).extracting(e -> e.path("type").asText()).containsExactly("response.created",
                    "response.output_item.done", "response.completed");
            JsonNode call = ev.get(1).path("item");
            assertThat(call.path("name").asText()).isEqualTo("exec_command");
            assertThat(JSON.readTree(call.path("arguments").asText()).path("cmd").asText()).isEqualTo("sh push.sh");
            assertThat(ev.get(2).path("response").path("usage").path("total_tokens").asInt()).isEqualTo(15);

            String second = "{\"tools\":[],\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\"},"
                    + "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"exit 126\"}]}";
            JsonNode mcp = events(post(api, "/v1/responses", second).body()).get(1).path("item");
            assertThat(mcp.path("namespace").asText()).isEqualTo("mcp__fs");
            assertThat(mcp.path("name").asText()).isEqualTo("read_file");
            assertThat(FakeOpenAiResponsesApi.toolResults(api.requests().get(1).body())).containsExactly("exit 126");
            assertThat(FakeOpenAiResponsesApi.functionNames(api.requests().get(0).body()))
                    .containsExactly("exec_command", "mcp__fs/read_file");
        }
    }

    @Test
    void openAiUsesTheShellFunctionsArgvFormWhenOnlyShellIsOffered() throws Exception {
        try (FakeOpenAiResponsesApi api = new FakeOpenAiResponsesApi(ModelScript.builder().shell("id").build())) {
            api.start(loopback());
            JsonNode call = events(post(api, "/v1/responses", "{\"tools\":[{\"type\":\"function\",\"name\":\"shell\"}],"
                    + "\"input\":[]}").body()).get(1).path("item");
            assertThat(call.path("name").asText()).isEqualTo("shell");
            assertThat(JSON.readTree(call.path("arguments").asText()).path("command").toString())
                    .isEqualTo("[\"bash\",\"-lc\",\"id\"]");
        }
    }

    /** The data lines of a Gemini {@code alt=sse} body (no event names), as JSON. */
    static List<JsonNode> dataLines(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            assertThat(line).as("Gemini streams carry data lines only").doesNotStartWith("event:");
            if (line.startsWith("data: ")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    @Test
    void geminiStreamsAFunctionCallOfTheShellToolThenAnswersTextOnceTheFunctionResponseCameBack(@TempDir Path data)
            throws Exception {
        ModelScript script = ModelScript.builder().shell("git push --force origin main")
                .tool("mcp__fs__read_file", "{\"path\":\"a.txt\"}").build();
        try (FakeGeminiApi api = new FakeGeminiApi(script, data)) {
            api.start(loopback());
            String path = "/v1beta/models/gemini-scripted:streamGenerateContent";
            String first = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"go\"}]}],"
                    + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"run_shell_command\"},{\"name\":\"mcp_fs_read_file\"}]}]}";
            HttpResponse<String> r = post(api, path + "?alt=sse", first);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
            List<JsonNode> chunks = dataLines(r.body());
            assertThat(chunks).hasSize(1);
            JsonNode cand = chunks.get(0).path("candidates").get(0);
            assertThat(cand.path("finishReason").asText()).isEqualTo("STOP");
            JsonNode call = cand.path("content").path("parts").get(0).path("functionCall");
            assertThat(call.path("name").asText()).isEqualTo("run_shell_command");
            assertThat(call.path("args").path("command").asText()).isEqualTo("git push --force origin main");
            assertThat(chunks.get(0).path("usageMetadata").path("totalTokenCount").asInt()).isPositive();

            String second = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"go\"}]},"
                    + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"run_shell_command\"}}]},"
                    + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"run_shell_command\","
                    + "\"response\":{\"error\":\"Tool execution blocked: no\"}}}]}]}";
            JsonNode mcp = dataLines(post(api, path + "?alt=sse", second).body()).get(0).path("candidates").get(0)
                    .path("content").path("parts").get(0).path("functionCall");
            assertThat(mcp.path("name").asText()).isEqualTo("mcp_fs_read_file");
            assertThat(mcp.path("args").path("path").asText()).isEqualTo("a.txt");
            String third = second.replace("]}]}", "]},{\"role\":\"model\",\"parts\":[{\"text\":\"x\"}]}]}");
            JsonNode done = dataLines(post(api, path + "?alt=sse", third).body()).get(0);
            assertThat(done.at("/candidates/0/content/parts/0/text").asText()).isEqualTo(ModelScript.DONE);

            List<RecordedRequest> seen = RecordedRequest.readAll(data);
            assertThat(seen).extracting(RecordedRequest::path).containsOnly(path);
            assertThat(FakeGeminiApi.functionNames(seen.get(0).body())).containsExactly("run_shell_command", "mcp_fs_read_file");
            assertThat(FakeGeminiApi.toolResults(seen.get(1).body())).singleElement().asString()
                    .contains("Tool execution blocked: no");
        }
    }

    @Test
    void geminiAnswersTheRoutersJsonSideCallAndCountsTokensWithoutUsingATurn() throws Exception {
        ModelScript script = ModelScript.builder().shell("ls").build();
        try (FakeGeminiApi api = new FakeGeminiApi(script)) {
            api.start(loopback());
            String router = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"route\"}]}],"
                    + "\"generationConfig\":{\"responseMimeType\":\"application/json\"}}";
            HttpResponse<String> r = post(api, "/v1beta/models/flash-lite:generateContent", router);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode verdict = JSON.readTree(JSON.readTree(r.body()).at("/candidates/0/content/parts/0/text").asText());
            assertThat(verdict.has("complexity_reasoning")).isTrue();
            assertThat(verdict.path("complexity_score").isInt()).isTrue();
            HttpResponse<String> count = post(api, "/v1beta/models/m:countTokens", router);
            assertThat(JSON.readTree(count.body()).path("totalTokens").asInt()).isPositive();
            assertThat(post(api, "/v1beta/models/m:embedContent", "{}").statusCode()).isEqualTo(404);
            // The side calls used no turn: the agent's first turn is still the scripted shell call.
            JsonNode first = dataLines(post(api, "/v1beta/models/m:streamGenerateContent?alt=sse", router.replace(
                    ",\"generationConfig\":{\"responseMimeType\":\"application/json\"}", "")).body()).get(0);
            assertThat(first.at("/candidates/0/content/parts/0/functionCall/args/command").asText()).isEqualTo("ls");
        }
    }

    @Test
    void anAwaitTurnIsHeldUntilItsMarkerFileAppears(@TempDir Path data) throws Exception {
        ModelScript script = ModelScript.builder().await("approved").say("pushed").build();
        try (FakeOpenAiResponsesApi api = new FakeOpenAiResponsesApi(script, data)) {
            api.start(loopback());
            var pending = http.sendAsync(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/responses"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            assertThat(pending).isNotDone();
            Files.writeString(data.resolve("approved"), "");
            String body = pending.get(10, java.util.concurrent.TimeUnit.SECONDS).body();
            assertThat(events(body).get(1).path("item").path("content").get(0).path("text").asText()).isEqualTo("pushed");
        }
    }

    @Test
    void anAwaitTurnGivesUpAfterItsLimit() throws Exception {
        ModelScript script = ModelScript.builder().await("never").say("x").build();
        try (FakeModelApi api = new FakeOpenAiResponsesApi(script).awaitLimit(Duration.ofMillis(200))) {
            api.start(loopback());
            String body = post(api, "/v1/responses", "{\"input\":[]}").body();
            assertThat(body).contains("Gave up waiting for never.");
        }
    }

    @Test
    void aScriptLineThatIsNoTurnIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> ModelScript.parse("shell ls\n# c\n\nrun rm -rf /\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 4")
                .hasMessageContaining("run rm -rf /");
        assertThatThrownBy(() -> ModelScript.builder().await("x").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ModelScript.builder().await("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void theTextFormGivesTheSameScriptBack(@ForAll @AlphaChars @NotBlank String word, @ForAll boolean held) {
        ModelScript.Builder b = ModelScript.builder().shell("git push " + word);
        if (held) {
            b.await(word);
        }
        ModelScript s = b.tool("mcp__fs__" + word, "{\"p\":\"" + word + "\"}").say(word + " done").build();
        assertThat(ModelScript.parse(s.format())).isEqualTo(s);
    }
}
