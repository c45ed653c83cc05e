package dev.scc.safety;

/** The kind of command a verdict is about; {@link #wire()} is the JSON spelling. */
public enum CommandFamily {
    DESTRUCTIVE_GIT("destructive-git"),
    NETWORK_TOOL("network-tool"),
    SHELL("shell"),
    POLICY("policy");

    private final String wire;

    CommandFamily(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
