package dev.scc.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scripted Gemini API ({@code generativelanguage} v1beta) as Gemini CLI 0.61 calls it:
 * {@code POST /v1beta/models/MODEL:streamGenerateContent?alt=sse} for the agent's turns (one SSE {@code data:} chunk
 * with the whole candidate), {@code POST /v1beta/models/MODEL:generateContent} for its side calls (the model router
 * asks for a JSON verdict with {@code complexity_reasoning} and {@code complexity_score}) and
 * {@code POST /v1beta/models/MODEL:countTokens}. Gemini CLI reaches it with {@code GOOGLE_GEMINI_BASE_URL} (plain
 * HTTP only on a loopback name).
 *
 * <p>A {@link ModelScript.Shell} turn is a {@code functionCall} of {@code run_shell_command} with
 * {@code {"command": …}}; a {@link ModelScript.ToolCall} named {@code mcp__SERVER__TOOL} becomes a call of
 * {@code mcp_SERVER_TOOL}, as Gemini CLI lists MCP tools, any other name is called as written. The turn is chosen by
 * the number of {@code model} contents in the request.
 */
public final class FakeGeminiApi extends FakeModelApi {
    /** Gemini CLI's shell tool. */
    public static final String SHELL_TOOL = "run_shell_command";

    public FakeGeminiApi(ModelScript script) {
        super(script, Optional.empty());
    }

    /** A fake that records into, and looks for {@code await} markers in, {@code dataDir}. */
    public FakeGeminiApi(ModelScript script, Path dataDir) {
        super(script, Optional.of(dataDir));
    }

    @Override
    protected void answer(HttpExchange x, String path, JsonNode body) throws IOException {
        int colon = path.lastIndexOf(':');
        String method = colon < 0 ? "" : path.substring(colon + 1);
        if (!"POST".equals(x.getRequestMethod()) || !path.contains("/models/") || colon < 0) {
            sendJson(x, 404, error("not found: " + x.getRequestMethod() + " " + path));
            return;
        }
        switch (method) {
            case "countTokens" -> {
                ObjectNode o = JSON.createObjectNode();
                o.put("totalTokens", Math.max(1, body.toString().length() / 4));
                sendJson(x, 200, o);
            }
            case "generateContent" -> sendJson(x, 200, response(sideAnswer(body)));
            case "streamGenerateContent" -> {
                JsonNode chunk = response(content(turn(modelTurns(body))));
                try (Sse sse = sse(x)) {
                    sse.data(chunk);
                }
            }
            default -> sendJson(x, 404, error("not found: POST " + path));
        }
    }

    /** A side call's answer: the router's JSON verdict when it asks for JSON, else a short text. */
    private static ObjectNode sideAnswer(JsonNode body) {
        JsonNode cfg = body.path("generationConfig");
        boolean json = "application/json".equals(cfg.path("responseMimeType").asText())
                || cfg.has("responseJsonSchema") || cfg.has("responseSchema");
        String text = json ? "{\"complexity_reasoning\":\"scripted\",\"complexity_score\":1}" : "OK";
        return content(new ModelScript.Say(text, Optional.empty()));
    }

    private static ObjectNode content(ModelScript.Turn t) {
        ObjectNode c = JSON.createObjectNode().put("role", "model");
        ObjectNode part = c.putArray("parts").addObject();
        if (t instanceof ModelScript.Say s) {
            part.put("text", s.text());
        } else if (t instanceof ModelScript.ToolCall call) {
            part.putObject("functionCall").put("name", toolName(call.name())).set("args", parse(call.jsonInput()));
        } else {
            part.putObject("functionCall").put("name", SHELL_TOOL).putObject("args")
                    .put("command", ((ModelScript.Shell) t).command());
        }
        return c;
    }

    private static ObjectNode response(ObjectNode content) {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode cand = r.putArray("candidates").addObject();
        cand.set("content", content);
        cand.put("finishReason", "STOP").put("index", 0);
        r.putObject("usageMetadata").put("promptTokenCount", 10).put("candidatesTokenCount", 5)
                .put("totalTokenCount", 15);
        r.put("modelVersion", "gemini-scripted");
        return r;
    }

    /** {@code mcp__SERVER__TOOL} (the script's neutral spelling) as Gemini names it: {@code mcp_SERVER_TOOL}. */
    static String toolName(String name) {
        int split = name.lastIndexOf("__");
        if (name.startsWith("mcp__") && split > "mcp__".length()) {
            return "mcp_" + name.substring("mcp__".length(), split) + "_" + name.substring(split + 2);
        }
        return name;
    }

    static int modelTurns(JsonNode body) {
        int n = 0;
        for (JsonNode c : body.path("contents")) {
            if ("model".equals(c.path("role").asText())) {
                n++;
            }
        }
        return n;
    }

    /** Names of the functions a request declared ({@code tools[].functionDeclarations[].name}). */
    public static List<String> functionNames(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            for (JsonNode f : t.path("functionDeclarations")) {
                out.add(f.path("name").asText());
            }
        }
        return out;
    }

    /** The {@code response} of every {@code functionResponse} part in the request, as JSON text, in order. */
    public static List<String> toolResults(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : body.path("contents")) {
            for (JsonNode p : c.path("parts")) {
                if (p.has("functionResponse")) {
                    out.add(p.path("functionResponse").path("response").toString());
                }
            }
        }
        return out;
    }
}
