package dev.scc.cli.ux;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.UserFacingError;

/** The user ended input (Ctrl-D) at a prompt: nothing was written; exit code 130. */
public final class PromptCancelledException extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;

    public PromptCancelledException() {
        super("cancelled; nothing was changed");
    }

    @Override
    public int exitCode() {
        return ExitCodes.CANCELLED;
    }
}
