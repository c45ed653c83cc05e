package dev.scc.core.runtime;

import java.util.Objects;

/**
 * A runtime operation failed in a way the user can act on. The message says what failed; {@link #fix()}
 * says what to do; {@link #kind()} lets the CLI pick an exit code.
 */
public class RuntimeBackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Closed set of failure kinds, each mapped to one CLI exit code. */
    public enum Kind {
        /** The engine is not reachable or too old. */
        ENGINE_UNAVAILABLE,
        /** An image, session or other object does not exist. */
        NOT_FOUND,
        /** Policy forbids it (blocked base image, posture the provider cannot run under). */
        REFUSED,
        /** It collides with an existing object (live session on the workspace, name clash). */
        CONFLICT,
        /** The request itself is invalid. */
        INVALID,
        /** The engine or a container failed while doing it. */
        FAILED
    }

    private final Kind kind;
    private final String fix;

    public RuntimeBackendException(Kind kind, String message, String fix) {
        this(kind, message, fix, null);
    }

    public RuntimeBackendException(Kind kind, String message, String fix, Throwable cause) {
        super(message + (fix.isBlank() ? "" : " (fix: " + fix + ")"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fix = Objects.requireNonNull(fix, "fix");
    }

    public Kind kind() {
        return kind;
    }

    public String fix() {
        return fix;
    }
}
