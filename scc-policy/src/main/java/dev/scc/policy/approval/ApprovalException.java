package dev.scc.policy.approval;

import java.nio.file.Path;

/**
 * An approval operation that cannot be done: unknown or ambiguous id, a request that is not
 * pending, a missing key. Carries the file concerned and what to do about it.
 */
public final class ApprovalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so callers (the CLI) can map it to an exit code. */
    public enum Kind { NOT_FOUND, NOT_PENDING, INVALID, IO }

    private final Kind kind;
    private final transient Path file;

    public ApprovalException(Kind kind, Path file, String message) {
        super(message);
        this.kind = kind;
        this.file = file;
    }

    public ApprovalException(Kind kind, Path file, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.file = file;
    }

    public Kind kind() {
        return kind;
    }

    /** The file or directory concerned. */
    public Path file() {
        return file;
    }
}
