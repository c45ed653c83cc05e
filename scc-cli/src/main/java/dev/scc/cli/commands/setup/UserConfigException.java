package dev.scc.cli.commands.setup;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.UserFacingError;

/** The user config cannot be read or written; the message names the file and the fix (exit 3). */
public final class UserConfigException extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;

    public UserConfigException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return ExitCodes.CONFIG;
    }
}
