package dev.scc.cli.commands.render;

import dev.scc.cli.UserFacingError;

/** A render failure the user sees as one line with a stable exit code. */
final class RenderCommandException extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    RenderCommandException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    RenderCommandException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }
}
