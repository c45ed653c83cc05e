package dev.scc.cli.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The real MCP server the drills give the agents: {@code @modelcontextprotocol/server-memory} (pinned in
 * .ci/clients.sh, installed from npm under {@code $SCC_CLIENTS_DIR/mcp}), copied into each drill's workspace, where the
 * org's MCP server entry starts it with the image's node. It works offline and keeps its graph in a file.
 */
final class McpServer {
    /** Where .ci/clients.sh installs the pinned MCP servers. */
    static final Path INSTALLED = Path.of(System.getenv().getOrDefault("SCC_CLIENTS_DIR", "/opt/scc-clients"), "mcp");
    /** The server's entry point as the sandbox sees it. */
    static final String ENTRY = "/workspace/.mcp-memory/node_modules/@modelcontextprotocol/server-memory/dist/index.js";

    private McpServer() {}

    /** Copies the installed server into {@code ws/.mcp-memory}; missing is a failure naming how to install it. */
    static void copyInto(Path ws) {
        Path modules = INSTALLED.resolve("node_modules");
        if (!Files.isRegularFile(modules.resolve("@modelcontextprotocol/server-memory/dist/index.js"))) {
            throw new AssertionError("the pinned MCP server is not installed under " + INSTALLED + ": run .ci/clients.sh");
        }
        Path dst = ws.resolve(".mcp-memory/node_modules");
        try (Stream<Path> all = Files.walk(modules)) {
            for (Path f : all.toList()) {
                Path t = dst.resolve(modules.relativize(f).toString());
                if (Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else if (Files.isSymbolicLink(f)) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(f));
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
