package dev.scc.checkpoint;

/** A checkpoint or restore that could not be done; nothing was changed unless the message says otherwise. */
public final class CheckpointException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message, String fix) {
        super(Kind.FAILED, message, fix);
    }

    public CheckpointException(String message, String fix, Throwable cause) {
        super(Kind.FAILED, message, fix, cause);
    }
}
