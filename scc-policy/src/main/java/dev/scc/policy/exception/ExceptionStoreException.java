package dev.scc.policy.exception;

/**
 * An exception store cannot be written or a request to change it is invalid (bad TTL, missing reason,
 * unknown id, a store written by a newer scc). Carries the store file and what was expected.
 */
public class ExceptionStoreException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String expected;

    public ExceptionStoreException(String file, String message, String expected, Throwable cause) {
        super(cause instanceof java.nio.file.NoSuchFileException ? Kind.NOT_FOUND : Kind.CONFIG,
                message + (expected.isEmpty() ? "" : " (expected " + expected + ")"), "", cause);
        this.file = file;
        this.expected = expected;
    }

    public ExceptionStoreException(String file, String message, String expected) {
        this(file, message, expected, null);
    }

    /** The store file concerned, or empty when the problem is in the request itself (bad TTL, reason or targets). */
    public String file() {
        return file;
    }

    public String expected() {
        return expected;
    }
}
