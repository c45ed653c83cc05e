package dev.scc.core.runtime;

import dev.scc.core.SccException;

/**
 * A runtime operation failed in a way the user can act on. The message says what failed (and ends in
 * {@code (fix: …)} when there is a fix); {@link #fix()} says what to do; {@link #kind()} is one of the root's
 * {@link SccException.Kind}s (a missing engine is {@code UNAVAILABLE}, a blocked image {@code REFUSED}).
 */
public class RuntimeBackendException extends SccException {
    private static final long serialVersionUID = 1L;

    public RuntimeBackendException(Kind kind, String message, String fix) {
        this(kind, message, fix, null);
    }

    public RuntimeBackendException(Kind kind, String message, String fix, Throwable cause) {
        super(kind, message + (fix.isBlank() ? "" : " (fix: " + fix + ")"), fix, cause);
    }
}
