package dev.scc.core.spi;

/**
 * A provider could not be found or the class path holds providers SCC cannot use (two with one id, one built for
 * another {@link AgentProvider#SPI_LEVEL}). Carries the id concerned, what was expected and the fix.
 */
public class AgentProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String expected;
    private final String fix;

    public AgentProviderException(String message, String id, String expected, String fix) {
        super(message + (expected.isEmpty() ? "" : "; expected " + expected) + (fix.isEmpty() ? "" : "; fix: " + fix));
        this.id = id;
        this.expected = expected;
        this.fix = fix;
    }

    /** The provider id concerned. */
    public String id() {
        return id;
    }

    public String expected() {
        return expected;
    }

    public String fix() {
        return fix;
    }
}
