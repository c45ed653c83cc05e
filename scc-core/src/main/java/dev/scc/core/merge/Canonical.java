package dev.scc.core.merge;

import java.util.Optional;
import java.util.Set;

/**
 * What a gate may compare: a value is canonical when it is printable ASCII with no surrounding whitespace.
 * Gates never normalise a value into a match (trimming {@code "stdio "} into {@code stdio}, folding case,
 * mapping a Cyrillic {@code е} to a Latin {@code e}): a value that is not canonical is refused, because a
 * guess that differs from what the renderer or the agent later does is a bypass.
 */
public final class Canonical {
    /** The MCP transports, exactly as written in every layer. */
    public static final Set<String> MCP_TYPES = Set.of("sse", "http", "stdio");

    private Canonical() {}

    /**
     * Why {@code value} is not canonical, or empty when it is. {@code allowInnerSpaces} permits single spaces
     * between words (descriptions), never at either end.
     */
    public static Optional<String> problem(String value, boolean allowInnerSpaces) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            return Optional.of("leading or trailing space");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' && allowInnerSpaces) {
                continue;
            }
            if (c < 0x21 || c == 0x7f) {
                return Optional.of(c == ' ' ? "a space" : "a control or whitespace character (U+"
                        + String.format("%04X", (int) c) + ")");
            }
            if (c > 0x7e) {
                return Optional.of("a non-ASCII character (U+" + String.format("%04X", (int) c)
                        + "), which may look like another; refused rather than guessed");
            }
        }
        return Optional.empty();
    }

    /** Why an MCP server's transport, name or command is not canonical, or empty when all are. */
    public static Optional<String> mcpProblem(dev.scc.core.model.McpServer s) {
        if (!MCP_TYPES.contains(s.type())) {
            return Optional.of("MCP transport '" + s.type() + "' is not exactly one of sse, http, stdio");
        }
        Optional<String> p = problem(s.name(), false).map(x -> "MCP server name has " + x);
        if (p.isEmpty()) {
            p = s.command().flatMap(c -> problem(c, false)).map(x -> "stdio command has " + x);
        }
        if (p.isEmpty()) {
            p = s.url().flatMap(u -> problem(u, false)).map(x -> "MCP url has " + x);
        }
        return p;
    }
}
