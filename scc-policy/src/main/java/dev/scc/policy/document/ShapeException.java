package dev.scc.policy.document;

/** A document node of the wrong shape; carries the JSON path and what was expected there. */
public final class ShapeException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;
    private final String jsonPath;
    private final String expected;

    ShapeException(String jsonPath, String expected) {
        super(Kind.CONFIG, jsonPath + ": expected " + expected, "");
        this.jsonPath = jsonPath;
        this.expected = expected;
    }

    public String jsonPath() {
        return jsonPath;
    }

    public String expected() {
        return expected;
    }
}
