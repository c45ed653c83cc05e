package dev.scc.checkpoint;

/** A checkpoint or restore that could not be done; nothing was changed unless the message says otherwise. */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String fix;

    public CheckpointException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    public CheckpointException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    /** What the user can do about it. */
    public String fix() {
        return fix;
    }
}
