package dev.scc.broker.git;

/** A git pkt-line stream the broker cannot read: malformed, truncated or larger than allowed. Fails closed. */
public final class PktLineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PktLineException(String message) {
        super(message);
    }
}
