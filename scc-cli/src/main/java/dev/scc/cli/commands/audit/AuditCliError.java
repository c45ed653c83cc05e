package dev.scc.cli.commands.audit;

import dev.scc.cli.UserFacingError;

/** An audit or approval command failure with the message the user sees and its exit code. */
public final class AuditCliError extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public AuditCliError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }
}
