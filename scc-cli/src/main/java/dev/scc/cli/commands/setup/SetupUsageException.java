package dev.scc.cli.commands.setup;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.UserFacingError;

/** A required choice is missing and {@code scc} may not prompt for it (no terminal, or {@code --yes}): exit 2. */
public final class SetupUsageException extends RuntimeException implements UserFacingError {
    private static final long serialVersionUID = 1L;

    public SetupUsageException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return ExitCodes.USAGE;
    }
}
