package dev.scc.safety;

/** What happens to a command, in increasing severity. {@link #wire()} is the JSON/protocol spelling. */
public enum Decision {
    ALLOW("allow"),
    WARN("warn"),
    REQUIRE_APPROVAL("require_approval"),
    BLOCK("block");

    private final String wire;

    Decision(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True when the command may run now ({@link #ALLOW} or {@link #WARN}). */
    public boolean runs() {
        return this == ALLOW || this == WARN;
    }
}
