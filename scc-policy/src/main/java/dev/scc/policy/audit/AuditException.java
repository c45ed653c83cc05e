package dev.scc.policy.audit;

import java.nio.file.Path;

/** The audit log cannot be written or read; carries the file and what to do about it. */
public final class AuditException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public AuditException(Path file, String message, Throwable cause) {
        super(Kind.FAILED, message, "", cause);
        this.file = file;
    }

    public AuditException(Path file, String message) {
        super(Kind.FAILED, message, "");
        this.file = file;
    }

    /** The log file concerned. */
    public Path file() {
        return file;
    }
}
