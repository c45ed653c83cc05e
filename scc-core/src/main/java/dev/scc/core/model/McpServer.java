package dev.scc.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An MCP server as a layer asks for it. {@code type} keeps the raw value: a missing type means {@code sse}
 * (the reference's default), an unknown one is neither network nor stdio.
 */
public record McpServer(
        String name,
        String type,
        Optional<String> url,
        Optional<String> command,
        List<String> args,
        Map<String, String> env,
        Map<String, String> headers) {

    public McpServer {
        type = type == null || type.isBlank() ? "sse" : type;
        args = Lists.copy(args);
        env = Lists.copy(env);
        headers = Lists.copy(headers);
    }

    /** True for transports that need the network ({@code sse}, {@code http}). */
    public boolean network() {
        return type.equals("sse") || type.equals("http");
    }

    public boolean stdio() {
        return type.equals("stdio");
    }

    /** The name, or the URL when the name is empty: how reports refer to the server. */
    public String label() {
        return !name.isBlank() ? name : url.orElse(command.orElse(""));
    }

    /** A network server with just a name and URL. */
    public static McpServer remote(String name, String type, String url) {
        return new McpServer(name, type, Optional.of(url), Optional.empty(), List.of(), Map.of(), Map.of());
    }

    /** A stdio server. */
    public static McpServer local(String name, String command, List<String> args) {
        return new McpServer(name, "stdio", Optional.empty(), Optional.of(command), args, Map.of(), Map.of());
    }
}
