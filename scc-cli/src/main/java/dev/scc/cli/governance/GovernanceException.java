package dev.scc.cli.governance;

import dev.scc.cli.UserFacingError;

/** A governance input problem the user must fix (missing org, unknown team or provider). */
public final class GovernanceException extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public GovernanceException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }
}
