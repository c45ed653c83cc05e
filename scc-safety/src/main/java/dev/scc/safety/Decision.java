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

    /**
     * The word a policy author writes for this decision ({@code allow}, {@code warn}, {@code require_approval},
     * {@code deny}): the action-policy vocabulary, where {@link #BLOCK} is spelled {@code deny}.
     */
    public String policyWord() {
        return this == BLOCK ? "deny" : wire;
    }

    /** The decision a policy word names ({@code deny} or {@code block} for {@link #BLOCK}); empty for anything else. */
    public static java.util.Optional<Decision> fromPolicyWord(String word) {
        switch (word) {
            case "allow": return java.util.Optional.of(ALLOW);
            case "warn": return java.util.Optional.of(WARN);
            case "require_approval": return java.util.Optional.of(REQUIRE_APPROVAL);
            case "deny":
            case "block": return java.util.Optional.of(BLOCK);
            default: return java.util.Optional.empty();
        }
    }

    /** The stricter of two decisions (allow &lt; warn &lt; require_approval &lt; deny). */
    public static Decision stricter(Decision a, Decision b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** True when the command may run now ({@link #ALLOW} or {@link #WARN}). */
    public boolean runs() {
        return this == ALLOW || this == WARN;
    }
}
