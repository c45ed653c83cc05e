package dev.scc.safety;

/** The kind of command a verdict is about; {@link #wire()} is the JSON spelling. */
public enum CommandFamily {
    DESTRUCTIVE_GIT("destructive-git"),
    NETWORK_TOOL("network-tool"),
    SHELL("shell"),
    POLICY("policy"),
    /** A command matched by one of the org's (or a delegated team's or project's) own action rules. */
    POLICY_RULE("policy-rule");

    private final String wire;

    CommandFamily(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
