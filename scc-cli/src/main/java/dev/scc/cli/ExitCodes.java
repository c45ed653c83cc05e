package dev.scc.cli;

/**
 * The documented, stable exit codes of {@code scc} (the reference CLI's contract).
 * {@code scc safety check} is the one exception: 2 means "blocked" there, as {@code docs/safety.md} decides.
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
