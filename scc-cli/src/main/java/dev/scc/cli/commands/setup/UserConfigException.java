package dev.scc.cli.commands.setup;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;

/** The user config cannot be read or written; the message names the file and the fix (kind {@code CONFIG}). */
public final class UserConfigException extends SccException {
    private static final long serialVersionUID = 1L;

    public UserConfigException(String message) {
        super(Kind.CONFIG, message, "");
    }
}
