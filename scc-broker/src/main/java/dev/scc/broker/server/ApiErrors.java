package dev.scc.broker.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.broker.config.Destination.Dialect;
import java.nio.charset.StandardCharsets;

/**
 * Error bodies in the shape each client displays: Anthropic's {@code {"type":"error","error":{type,message}}},
 * OpenAI's {@code {"error":{message,type,code}}}, plain text for git and others.
 */
final class ApiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {}

    /** The body and its content type. */
    record Body(String contentType, byte[] bytes) {}

    static Body body(Dialect dialect, String type, String message) {
        return switch (dialect) {
            case ANTHROPIC -> {
                ObjectNode n = JSON.createObjectNode().put("type", "error");
                n.putObject("error").put("type", type).put("message", message);
                yield new Body("application/json", n.toString().getBytes(StandardCharsets.UTF_8));
            }
            case OPENAI -> {
                ObjectNode n = JSON.createObjectNode();
                n.putObject("error").put("message", message).put("type", type).put("code", type);
                yield new Body("application/json", n.toString().getBytes(StandardCharsets.UTF_8));
            }
            case PLAIN -> new Body("text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
        };
    }
}
