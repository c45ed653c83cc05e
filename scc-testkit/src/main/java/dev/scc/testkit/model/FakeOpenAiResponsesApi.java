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
 * A scripted OpenAI Responses API: {@code POST /v1/responses}, answered as server-sent events
 * ({@code response.created}, one {@code response.output_item.done}, {@code response.completed}). Codex reaches it
 * through a model provider whose {@code base_url} ends in {@code /v1} (or {@code OPENAI_BASE_URL}).
 *
 * <p>A {@link ModelScript.Shell} turn calls the shell function the request offers ({@code exec_command} with
 * {@code cmd}, {@code shell_command} with {@code command}, or {@code shell} with an argv); a
 * {@link ModelScript.ToolCall} named {@code mcp__SERVER__TOOL} becomes a call of {@code TOOL} in namespace
 * {@code mcp__SERVER}, as Codex lists MCP tools. The turn is chosen by the number of the model's earlier calls and
 * messages in the request's {@code input}.
 */
public final class FakeOpenAiResponsesApi extends FakeModelApi {

    public FakeOpenAiResponsesApi(ModelScript script) {
        super(script, Optional.empty());
    }

    /** A fake that records into, and looks for {@code await} markers in, {@code dataDir}. */
    public FakeOpenAiResponsesApi(ModelScript script, Path dataDir) {
        super(script, Optional.of(dataDir));
    }

    @Override
    protected void answer(HttpExchange x, String path, JsonNode body) throws IOException {
        if (!"POST".equals(x.getRequestMethod()) || !path.endsWith("/responses")) {
            sendJson(x, 404, error("not found: " + x.getRequestMethod() + " " + path));
            return;
        }
        ModelScript.Turn t = turn(earlierAnswers(body));
        ObjectNode item = JSON.createObjectNode();
        if (t instanceof ModelScript.Say s) {
            item.put("type", "message").put("role", "assistant").put("id", id("msg"));
            item.putArray("content").addObject().put("type", "output_text").put("text", s.text())
                    .putArray("annotations");
        } else {
            item.put("type", "function_call").put("id", id("fc")).put("call_id", id("call"));
            if (t instanceof ModelScript.ToolCall c) {
                int split = c.name().lastIndexOf("__");
                if (c.name().startsWith("mcp__") && split > "mcp__".length()) {
                    item.put("namespace", c.name().substring(0, split)).put("name", c.name().substring(split + 2));
                } else {
                    item.put("name", c.name());
                }
                item.put("arguments", parse(c.jsonInput()).toString());
            } else {
                shellCall(item, ((ModelScript.Shell) t).command(), functionNames(body));
            }
        }
        String rid = id("resp");
        try (Sse sse = sse(x)) {
            ObjectNode created = JSON.createObjectNode().put("type", "response.created");
            created.putObject("response").put("id", rid);
            sse.event("response.created", created);
            ObjectNode done = JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
            done.set("item", item);
            sse.event("response.output_item.done", done);
            ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
            ObjectNode r = completed.putObject("response").put("id", rid);
            r.putObject("usage").put("input_tokens", 10).putNull("input_tokens_details").put("output_tokens", 5)
                    .putNull("output_tokens_details").put("total_tokens", 15);
            sse.event("response.completed", completed);
        }
    }

    private static void shellCall(ObjectNode item, String command, List<String> offered) {
        ObjectNode args = JSON.createObjectNode();
        // exec_command unless only an older shell tool is offered (Codex 0.169 lists "exec" but runs exec_command).
        if (!offered.contains("exec_command") && offered.contains("shell_command")) {
            item.put("name", "shell_command");
            args.put("command", command);
        } else if (!offered.contains("exec_command") && offered.contains("shell")) {
            item.put("name", "shell");
            args.putArray("command").add("bash").add("-lc").add(command);
        } else {
            item.put("name", "exec_command");
            args.put("cmd", command);
        }
        item.put("arguments", args.toString());
    }

    static int earlierAnswers(JsonNode body) {
        int n = 0;
        for (JsonNode i : body.path("input")) {
            String type = i.path("type").asText();
            if (type.equals("function_call") || type.equals("custom_tool_call") || type.equals("local_shell_call")
                    || (type.equals("message") && "assistant".equals(i.path("role").asText()))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Names of the function tools a request offered, from its {@code tools} and from {@code additional_tools} items of
     * its {@code input} (where Codex 0.169 lists them); namespaced tools as {@code namespace/name}.
     */
    public static List<String> functionNames(JsonNode body) {
        List<String> out = new ArrayList<>();
        addTools(body.path("tools"), "", out);
        for (JsonNode i : body.path("input")) {
            if ("additional_tools".equals(i.path("type").asText())) {
                addTools(i.path("tools"), "", out);
            }
        }
        return out;
    }

    private static void addTools(JsonNode tools, String prefix, List<String> out) {
        for (JsonNode t : tools) {
            if ("namespace".equals(t.path("type").asText())) {
                String ns = t.path("name").asText();
                // Codex's own tools sit in the "functions" namespace and are called by their bare names.
                addTools(t.path("tools"), ns.equals("functions") ? prefix : prefix + ns + "/", out);
            } else if (t.has("name")) {
                out.add(prefix + t.path("name").asText());
            }
        }
    }

    /** The {@code output} of every {@code function_call_output} item in the request, in order. */
    public static List<String> toolResults(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : body.path("input")) {
            if ("function_call_output".equals(i.path("type").asText())) {
                JsonNode o = i.path("output");
                out.add(o.isTextual() ? o.asText() : o.toString());
            }
        }
        return out;
    }
}
