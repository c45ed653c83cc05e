package dev.scc.cli;

import picocli.CommandLine;

/**
 * Maps exceptions to one clear line on stderr and a stable exit code. Stack traces only with
 * {@code SCC_DEBUG=1}. Concern-specific exceptions implement {@link UserFacingError}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private final boolean debug;

    ErrorReporter(java.util.Map<String, String> env) {
        this.debug = "1".equals(env.get("SCC_DEBUG"));
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof dev.scc.policy.PolicyDocumentException p) {
            // Every problem, not just the first: a policy author fixes them in one pass.
            cl.getErr().println("scc: invalid policy document:");
            p.problems().forEach(problem -> cl.getErr().println("  " + problem.describe()));
            cl.getErr().flush();
            return notFound(ex) ? ExitCodes.NOT_FOUND : ExitCodes.CONFIG;
        }
        if (ex instanceof dev.scc.policy.source.PolicySourceException
                || ex instanceof dev.scc.policy.exception.ExceptionStoreException) {
            cl.getErr().println("scc: " + message(ex));
            cl.getErr().flush();
            return notFound(ex) ? ExitCodes.NOT_FOUND : ExitCodes.CONFIG;
        }
        cl.getErr().println("scc: " + message(ex));
        if (debug) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return ex instanceof UserFacingError u ? u.exitCode() : ExitCodes.TOOL;
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("scc: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr());
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        cl.getErr().flush();
        return ExitCodes.USAGE;
    }

    /** A named file that is simply not there: exit 1 ("not found", README); anything else about it is exit 3. */
    private static boolean notFound(Exception ex) {
        return ex.getCause() instanceof java.nio.file.NoSuchFileException;
    }

    private static String message(Exception ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
