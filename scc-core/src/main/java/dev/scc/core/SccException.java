package dev.scc.core;

import java.util.Objects;

/**
 * The one root of SCC's own exceptions: something the user (or the embedding tool) can act on. Every failure
 * carries a {@link Kind} (what sort of failure it is, so a front end can choose its reaction: the CLI maps each kind
 * to one stable exit code in one place) and a {@link #fix()} (what to do about it, empty when the message says it).
 * It never carries an exit code: the application layer and the SPIs do not know they run under a CLI.
 *
 * <p>Concerns subclass it ({@code RenderException}, {@code RuntimeBackendException}, {@code PolicyDocumentException},
 * …) to add what their user needs (the file, the key path, the expected thing); code that has nothing to add throws
 * it directly. The in-sandbox safety engine ({@code scc-safety}) is the one exception to the rule: it must stay free
 * of dependencies, so its few exceptions are plain {@link RuntimeException}s that the CLI and the application layer
 * translate at their edge.
 */
public class SccException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The closed set of failure kinds. Each has one meaning for every front end. */
    public enum Kind {
        /** A named thing (file, team, session, image, record) does not exist. */
        NOT_FOUND,
        /** The request itself is malformed or self-contradictory (a bad flag value, a missing choice). */
        INVALID,
        /** A configuration document (org, team, project, user) is missing a value or is wrong. */
        CONFIG,
        /** A prerequisite is not available: the container engine, git, a tool or an image. */
        UNAVAILABLE,
        /** Policy forbids it: the org or team does not allow what was asked. */
        REFUSED,
        /** It collides with something that exists (a live session on the workspace, a name clash). */
        CONFLICT,
        /** An operation was attempted and failed (an engine, a container, a write). */
        FAILED,
        /** The user ended it (end of input at a prompt, an interrupt); nothing was changed. */
        CANCELLED
    }

    private final Kind kind;
    private final String fix;

    /** A failure of {@code kind} with a message for a person and what to do about it ({@code ""} when none). */
    public SccException(Kind kind, String message, String fix) {
        this(kind, message, fix, null);
    }

    public SccException(Kind kind, String message, String fix, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fix = fix == null ? "" : fix;
    }

    /** What sort of failure this is. */
    public Kind kind() {
        return kind;
    }

    /** What to do about it; empty when the message already says it. */
    public String fix() {
        return fix;
    }
}
