package dev.scc.cli.commands.setup;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.UserFacingError;

/** A named org file or team does not exist: exit 1, with what is available. */
public final class SetupNotFoundException extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;

    public SetupNotFoundException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return ExitCodes.NOT_FOUND;
    }
}
