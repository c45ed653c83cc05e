package dev.scc.safety.internal.shell;

/**
 * The analysis hit one of its hard limits (nesting depth, input size, work budget). Unlike other syntax
 * errors it is never recovered from by trying another reading of the text: it ends the analysis at once.
 */
public final class AnalysisLimitException extends ShellSyntaxException {
    private static final long serialVersionUID = 1L;

    public AnalysisLimitException(String message) {
        super(message);
    }
}
