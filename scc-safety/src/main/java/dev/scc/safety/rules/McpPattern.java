package dev.scc.safety.rules;

/** An MCP tool pattern {@code server/tool}; {@code *} inside either part stands for any run of characters. */
public final class McpPattern extends PatternText implements ActionPattern {
    private final String server;
    private final String tool;

    private McpPattern(String text, String server, String tool) {
        super(ActionKind.MCP_CALL, text);
        this.server = server;
        this.tool = tool;
    }

    /**
     * Parses {@code server/tool}.
     *
     * @throws IllegalArgumentException when the text is not {@code server/tool} with both parts present
     */
    public static McpPattern parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("the MCP pattern \"" + t + "\" must be server/tool (e.g. \"github/delete_*\")");
        }
        return new McpPattern(t, t.substring(0, slash), t.substring(slash + 1));
    }

    /** The server this pattern names when it has no {@code *} (the rule set indexes MCP rules by it). */
    public java.util.Optional<String> literalServer() {
        return server.indexOf('*') < 0 ? java.util.Optional.of(server) : java.util.Optional.empty();
    }

    @Override
    public boolean matches(Action action) {
        if (!(action instanceof Action.McpCall)) {
            return false;
        }
        Action.McpCall c = (Action.McpCall) action;
        return WordGlob.matches(server, c.server()) && WordGlob.matches(tool, c.tool());
    }
}
