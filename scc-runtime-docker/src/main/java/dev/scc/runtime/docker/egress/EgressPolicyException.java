package dev.scc.runtime.docker.egress;

/** A destination cannot be compiled into the egress ACL; names the entry and what is accepted. */
public final class EgressPolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String entry;

    public EgressPolicyException(String entry, String expected) {
        super("invalid egress destination '" + entry + "': expected " + expected);
        this.entry = entry;
    }

    public String entry() {
        return entry;
    }
}
