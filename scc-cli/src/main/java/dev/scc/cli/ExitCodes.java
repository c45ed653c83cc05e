package dev.scc.cli;

import dev.scc.core.SccException;

/**
 * The documented, stable exit codes of {@code scc} (the reference CLI's contract).
 * {@code scc safety check} is the one exception: 2 means "blocked" there, as {@code docs/safety.md} decides.
 * {@link #of(Throwable)} is the one mapping from a failure to its code (picocli reaches it through
 * {@code ErrorReporter}, the CLI's {@code IExitCodeExceptionMapper}).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int NOT_FOUND = 1;
    public static final int USAGE = 2;
    public static final int CONFIG = 3;
    public static final int TOOL = 4;
    public static final int PREREQUISITE = 5;
    public static final int GOVERNANCE = 6;
    public static final int CANCELLED = 130;

    private ExitCodes() {}

    /** The exit code of a failure: an {@link SccException} by its kind, anything else is a tool failure (4). */
    public static int of(Throwable failure) {
        return failure instanceof SccException e ? of(e.kind()) : TOOL;
    }

    /** The exit code of each kind of failure. */
    public static int of(SccException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case INVALID -> USAGE;
            case CONFIG -> CONFIG;
            case UNAVAILABLE -> PREREQUISITE;
            case REFUSED -> GOVERNANCE;
            case CONFLICT, FAILED -> TOOL;
            case CANCELLED -> CANCELLED;
        };
    }

    /** The stable name of an exit code, used as the {@code code} of a JSON error ({@code not_found}, …). */
    public static String name(int exitCode) {
        return switch (exitCode) {
            case OK -> "ok";
            case NOT_FOUND -> "not_found";
            case USAGE -> "usage";
            case CONFIG -> "config";
            case TOOL -> "tool";
            case PREREQUISITE -> "prerequisite";
            case GOVERNANCE -> "governance";
            case CANCELLED -> "cancelled";
            default -> "error_" + exitCode;
        };
    }
}
