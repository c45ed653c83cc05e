package dev.scc.cli.ux;

/**
 * Sets slf4j-simple's level from {@code --verbose}. It must run before the first logger is created (slf4j-simple
 * reads its configuration once), which is why the root command calls it right after parsing and before any
 * command runs. A level given on the JVM command line ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel}) wins.
 */
public final class Logging {
    static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {}

    /** {@code debug} with {@code --verbose}, otherwise {@code warn} (quiet unless something is wrong). */
    public static void configure(boolean verbose) {
        if (System.getProperty(LEVEL) == null) {
            System.setProperty(LEVEL, verbose ? "debug" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }
}
