package dev.scc.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A scripted Anthropic Messages API: {@code POST /v1/messages} (SSE when the request asks for {@code stream}, else one
 * JSON message) and {@code POST /v1/messages/count_tokens}. Claude Code reaches it with {@code ANTHROPIC_BASE_URL}.
 *
 * <p>A {@link ModelScript.Shell} turn is a {@code tool_use} of {@code Bash} with {@code {"command": …}}; a
 * {@link ModelScript.ToolCall} names the tool as the request lists it. The turn is chosen by the number of assistant
 * messages in the request; a request without tools (a side request of the agent) gets a short text.
 */
public final class FakeAnthropicApi extends FakeModelApi {
    /** The model name the fake reports. */
    public static final String MODEL = "claude-scripted";

    public FakeAnthropicApi(ModelScript script) {
        super(script, Optional.empty());
    }

    /** A fake that records into, and looks for {@code await} markers in, {@code dataDir}. */
    public FakeAnthropicApi(ModelScript script, Path dataDir) {
        super(script, Optional.of(dataDir));
    }

    @Override
    protected void answer(HttpExchange x, String path, JsonNode body) throws IOException {
        if (!"POST".equals(x.getRequestMethod())) {
            sendJson(x, 404, error("not found: " + x.getRequestMethod() + " " + path));
            return;
        }
        if (path.endsWith("/v1/messages/count_tokens")) {
            ObjectNode o = JSON.createObjectNode();
            o.put("input_tokens", Math.max(1, body.toString().length() / 4));
            sendJson(x, 200, o);
            return;
        }
        if (!path.endsWith("/v1/messages")) {
            sendJson(x, 404, error("not found: POST " + path));
            return;
        }
        ModelScript.Turn t = body.path("tools").size() == 0 ? new ModelScript.Say("OK", Optional.empty())
                : turn(assistantMessages(body));
        String msgId = id("msg");
        String model = body.path("model").asText(MODEL);
        ObjectNode block = JSON.createObjectNode();
        String stop;
        String deltaJson;
        if (t instanceof ModelScript.Say s) {
            block.put("type", "text").put("text", s.text());
            stop = "end_turn";
            deltaJson = s.text();
        } else {
            String name = t instanceof ModelScript.ToolCall c ? c.name() : "Bash";
            JsonNode input = t instanceof ModelScript.ToolCall c ? parse(c.jsonInput())
                    : JSON.createObjectNode().put("command", ((ModelScript.Shell) t).command());
            block.put("type", "tool_use").put("id", id("toolu")).put("name", name).set("input", input);
            stop = "tool_use";
            deltaJson = input.toString();
        }
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode m = message(msgId, model);
            m.withArray("content").add(block);
            m.put("stop_reason", stop);
            sendJson(x, 200, m);
            return;
        }
        try (Sse sse = sse(x)) {
            ObjectNode start = JSON.createObjectNode().put("type", "message_start");
            start.set("message", message(msgId, model));
            sse.event("message_start", start);
            ObjectNode empty = block.deepCopy();
            ObjectNode delta = JSON.createObjectNode();
            if ("text".equals(block.path("type").asText())) {
                empty.put("text", "");
                delta.put("type", "text_delta").put("text", deltaJson);
            } else {
                empty.set("input", JSON.createObjectNode());
                delta.put("type", "input_json_delta").put("partial_json", deltaJson);
            }
            sse.event("content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", 0)
                    .set("content_block", empty));
            sse.event("content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", 0)
                    .set("delta", delta));
            sse.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
            ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
            md.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
            md.putObject("usage").put("output_tokens", 10);
            sse.event("message_delta", md);
            sse.event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
        }
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        m.putArray("content");
        m.putNull("stop_reason").putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
        return m;
    }

    static int assistantMessages(JsonNode body) {
        int n = 0;
        for (JsonNode m : body.path("messages")) {
            if ("assistant".equals(m.path("role").asText())) {
                n++;
            }
        }
        return n;
    }

    /** The text of every {@code tool_result} block in the request, in order (what the agent reported back). */
    public static java.util.List<String> toolResults(JsonNode body) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            for (JsonNode c : m.path("content")) {
                if ("tool_result".equals(c.path("type").asText())) {
                    JsonNode content = c.path("content");
                    if (content.isTextual()) {
                        out.add(content.asText());
                    } else {
                        StringBuilder sb = new StringBuilder();
                        for (JsonNode part : content) {
                            sb.append(part.path("text").asText());
                        }
                        out.add(sb.toString());
                    }
                }
            }
        }
        return out;
    }

    /** Names of the tools a request offered the model. */
    public static java.util.List<String> toolNames(JsonNode body) {
        java.util.List<String> out = new java.util.ArrayList<>();
        body.path("tools").forEach(t -> out.add(t.path("name").asText()));
        return out;
    }
}
