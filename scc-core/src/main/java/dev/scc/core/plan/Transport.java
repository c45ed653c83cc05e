package dev.scc.core.plan;

/** MCP transports. {@link #OTHER} is an unknown value kept for the report; renderers skip it. */
public enum Transport {
    STDIO("stdio"),
    HTTP("http"),
    SSE("sse"),
    OTHER("other");

    private final String wire;

    Transport(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /**
     * Parses a document value exactly (no trimming or case folding, so the renderer never treats as stdio a value
     * the merge's stdio gate did not see as stdio); a missing value means {@code sse} (the reference's default).
     */
    public static Transport parse(String s) {
        if (s == null || s.isBlank()) {
            return SSE;
        }
        for (Transport t : values()) {
            if (t.wire.equals(s)) {
                return t;
            }
        }
        return OTHER;
    }
}
