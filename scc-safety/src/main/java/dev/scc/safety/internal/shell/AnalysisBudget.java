package dev.scc.safety.internal.shell;

import java.util.function.Supplier;

/**
 * The work one analysis may do, in characters scanned (every nested parse and every re-scan after a
 * fallback counts), linear in the size of the input: {@value #PER_CHAR} characters of work per input
 * character plus {@value #BASE}, and at most {@value #MAX_COMMANDS} simple commands. Running out raises {@link AnalysisLimitException}, so the caller fails
 * closed in bounded time whatever the text's shape.
 *
 * <p>The budget of the analysis in progress is kept per thread ({@link #within}), so that the nested
 * parses the analyser starts (for {@code bash -c}, aliases, {@code eval}, here-documents) draw on the
 * same budget without threading it through every call.
 */
public final class AnalysisBudget {
    /** Characters of work allowed per character of input. */
    public static final int PER_CHAR = 8;
    /** Work allowed whatever the input's size (covers small inputs with deep but legitimate nesting). */
    public static final int BASE = 64 * 1024;
    /** Simple commands one analysis may record (each nested reading counts): a line is not a program. */
    public static final int MAX_COMMANDS = 2048;

    private static final ThreadLocal<AnalysisBudget> CURRENT = new ThreadLocal<>();

    private final long limit;
    private long spent;
    private int commands;

    private AnalysisBudget(long limit) {
        this.limit = limit;
    }

    /** Runs {@code analysis} with a budget for an input of {@code inputChars} characters (nested calls share the outer budget). */
    public static <T> T within(long inputChars, Supplier<T> analysis) {
        if (CURRENT.get() != null) {
            return analysis.get();
        }
        CURRENT.set(new AnalysisBudget(BASE + PER_CHAR * Math.max(0, inputChars)));
        try {
            return analysis.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** Charges one recorded simple command to the current analysis. */
    static void command() {
        AnalysisBudget b = CURRENT.get();
        if (b != null && ++b.commands > MAX_COMMANDS) {
            throw new AnalysisLimitException("the line holds more than " + MAX_COMMANDS + " commands");
        }
    }

    /** Charges {@code chars} characters of work to the current analysis (a fresh budget for {@code chars} when none is running). */
    static void spend(long chars) {
        AnalysisBudget b = CURRENT.get();
        if (b == null) {
            return;
        }
        b.spent += chars;
        if (b.spent > b.limit) {
            throw new AnalysisLimitException("the analysis needs more work than its limit (" + b.limit
                    + " characters scanned for this input); the text is built to be slow to analyse");
        }
    }
}
