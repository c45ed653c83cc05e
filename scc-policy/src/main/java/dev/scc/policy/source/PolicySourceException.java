package dev.scc.policy.source;

import java.util.OptionalInt;

/**
 * A policy source cannot be resolved or fetched (bad source string, forbidden scheme, HTTP error, I/O
 * error, offline without a cache). The message names the source or URL and, for HTTP errors, the
 * status; it never contains credentials.
 */
public class PolicySourceException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String expected;
    private final int status;

    public PolicySourceException(String source, String message, String expected, int status, Throwable cause) {
        this(Kind.CONFIG, source, message, expected, status, cause);
    }

    private PolicySourceException(Kind kind, String source, String message, String expected, int status, Throwable cause) {
        this(kind, source, message, expected, status, cause, "");
    }

    private PolicySourceException(Kind kind, String source, String message, String expected, int status, Throwable cause,
            String fix) {
        super(cause instanceof java.nio.file.NoSuchFileException ? Kind.NOT_FOUND : kind,
                message + (expected.isEmpty() ? "" : " (expected " + expected + ")"), fix, cause);
        this.source = source;
        this.expected = expected;
        this.status = status;
    }

    public PolicySourceException(String source, String message, String expected) {
        this(source, message, expected, -1, null);
    }

    /**
     * A remote source that could not be fetched, with no cached copy to fall back on: the fix says what to check and
     * that one successful fetch makes later launches work from the cache.
     */
    public static PolicySourceException unreachable(String url, String message, int status, Throwable cause) {
        return new PolicySourceException(Kind.CONFIG, url, message, "", status, cause, "check the URL, the network "
                + "and any proxy (HTTPS_PROXY), then run the command again; after one successful fetch scc falls back "
                + "on the cached copy when the source is unreachable");
    }

    /** A source that names a local file which does not exist (the CLI's "not found", not a configuration error). */
    public static PolicySourceException notFound(String source, String message, String expected) {
        return new NotFound(source, message, expected);
    }

    /** True when the source names a local file that does not exist. */
    public boolean notFound() {
        return this instanceof NotFound;
    }

    private static final class NotFound extends PolicySourceException {
        private static final long serialVersionUID = 1L;

        NotFound(String source, String message, String expected) {
            super(Kind.NOT_FOUND, source, message, expected, -1, null);
        }
    }

    /** The source string or URL concerned. */
    public String source() {
        return source;
    }

    /** What would have been acceptable, or empty. */
    public String expected() {
        return expected;
    }

    /** The HTTP status when the server answered with an error. */
    public OptionalInt httpStatus() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
