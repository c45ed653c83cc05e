package dev.scc.cli.commands.runtime;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.UserFacingError;
import dev.scc.core.runtime.RuntimeBackendException;

/** A runtime failure as the CLI reports it: the backend's message and fix, with a stable exit code. */
final class RuntimeCliError extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    RuntimeCliError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static RuntimeCliError of(RuntimeBackendException e) {
        return new RuntimeCliError(e.getMessage(), exitCode(e.kind()), e);
    }

    static int exitCode(RuntimeBackendException.Kind kind) {
        return switch (kind) {
            case ENGINE_UNAVAILABLE -> ExitCodes.PREREQUISITE;
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case REFUSED -> ExitCodes.GOVERNANCE;
            case INVALID -> ExitCodes.USAGE;
            case CONFLICT, FAILED -> ExitCodes.TOOL;
        };
    }

    @Override
    public int exitCode() {
        return exitCode;
    }
}
