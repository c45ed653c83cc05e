package dev.scc.cli.ux;

/**
 * Sets slf4j-simple's level from {@code --verbose}. It must run before the first logger is created (slf4j-simple
 * reads its configuration once), which is why the root command calls it right after parsing and before any
 * command runs. A level given on the JVM command line ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel}) wins.
 */
public final class Logging {
    static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String SHOW_TIME = "org.slf4j.simpleLogger.showDateTime";

    private Logging() {}

    /**
     * {@code debug} with {@code --verbose}, each line led by the milliseconds since logging began; otherwise
     * {@code warn} (quiet unless something is wrong).
     */
    public static void configure(boolean verbose) {
        if (System.getProperty(LEVEL) == null) {
            System.setProperty(LEVEL, verbose ? "debug" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        if (verbose && System.getProperty(SHOW_TIME) == null) {
            // Milliseconds since logging began on every line: where a slow command spends its time, at a glance.
            System.setProperty(SHOW_TIME, "true");
        }
    }
}
