package dev.scc.core.spi;

/**
 * A provider could not be found or the class path holds providers SCC cannot use (two with one id, one built for
 * another {@link AgentProvider#SPI_LEVEL}). Carries the id concerned, what was expected and the fix.
 */
public class AgentProviderException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String expected;

    public AgentProviderException(String message, String id, String expected, String fix) {
        super(Kind.INVALID, message + (expected.isEmpty() ? "" : "; expected " + expected)
                + (fix.isEmpty() ? "" : "; fix: " + fix), fix);
        this.id = id;
        this.expected = expected;
    }

    /** The provider id concerned. */
    public String id() {
        return id;
    }

    public String expected() {
        return expected;
    }

}
