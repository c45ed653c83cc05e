package dev.scc.cli.ux;

import dev.scc.cli.CliServices;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The global options ({@code --verbose}, {@code --no-color}) wherever they were given on the command line, and
 * the execution strategy that applies them before any command runs: logging level first (before a logger
 * exists), then plain or coloured help.
 */
public final class GlobalOptions {
    public static final String VERBOSE = "--verbose";
    public static final String NO_COLOR = "--no-color";

    private final CliServices services;

    public GlobalOptions(CliServices services) {
        this.services = services;
    }

    /** A picocli execution strategy: applies the global options, then runs the last subcommand as usual. */
    public int execute(ParseResult parseResult) {
        Logging.configure(matched(parseResult, VERBOSE));
        CommandLine root = parseResult.commandSpec().root().commandLine();
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("scc");
        if (log.isDebugEnabled()) {
            ParseResult last = parseResult;
            while (last.subcommand() != null) {
                last = last.subcommand();
            }
            log.debug("running '{}' in {} ({}; the JVM started {} ms ago)", last.commandSpec().qualifiedName(),
                    services.workingDir(), services.consoleAttached() ? "terminal" : "no terminal",
                    ProcessHandle.current().info().startInstant().map(t -> java.time.Duration.between(t,
                            java.time.Instant.now()).toMillis()).orElse(-1L));
        }
        boolean color = Terminal.detect(services.env(), services.consoleAttached(), matched(parseResult, NO_COLOR)).color();
        root.setColorScheme(CommandLine.Help.defaultColorScheme(color ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return new CommandLine.RunLast().execute(parseResult);
    }

    /** The terminal for the command being run, honouring {@code --no-color} anywhere on the command line. */
    public static Terminal terminal(CommandSpec spec, CliServices services) {
        ParseResult pr = spec.root().commandLine().getParseResult();
        return Terminal.detect(services.env(), services.consoleAttached(), pr != null && matched(pr, NO_COLOR));
    }

    /** Whether {@code option} was given at any level of the command line. */
    static boolean matched(ParseResult pr, String option) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }
}
