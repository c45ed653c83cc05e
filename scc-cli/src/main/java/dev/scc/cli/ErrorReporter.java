package dev.scc.cli;

import dev.scc.cli.output.JsonOutput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Maps exceptions to one clear line on stderr and a stable exit code. Stack traces only with
 * {@code SCC_DEBUG=1}. Every SCC failure is a {@link dev.scc.core.SccException} whose kind picks the code
 * ({@link ExitCodes#of(Throwable)}, picocli's exit-code mapper); anything else is a tool failure. With {@code --json} the
 * failure is also printed as the {@code scc.cli/v1} envelope on stdout ({@code status.ok} false, each error with
 * its code, message and fix), so a script reads one contract for success and failure.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
    /** The {@code kind} a command's successful {@code --json} output has, where it is not the command's own name. */
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("start", "LaunchPlan"),
            Map.entry("doctor", "DoctorReport"),
            Map.entry("sessions", "SessionList"),
            Map.entry("prune", "PruneReport"),
            Map.entry("render", "RenderReport"),
            Map.entry("org validate", "OrgValidation"),
            Map.entry("provider show", "ProviderPreference"),
            Map.entry("provider set", "ProviderPreference"),
            Map.entry("safety check", "SafetyVerdict"),
            Map.entry("exceptions list", "ExceptionList"),
            Map.entry("approvals", "ApprovalRequests"),
            Map.entry("server status", "ServerStatus"));

    private final boolean debug;
    private final Clock clock;

    ErrorReporter(Map<String, String> env, Clock clock) {
        this.debug = "1".equals(env.get("SCC_DEBUG"));
        this.clock = clock;
    }

    /** The one mapping from a failure to an exit code ({@link ExitCodes#of(Throwable)}). */
    @Override
    public int getExitCode(Throwable failure) {
        return ExitCodes.of(failure);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        int code = getExitCode(ex);
        List<JsonOutput.Problem> problems = new ArrayList<>();
        if (ex instanceof dev.scc.policy.PolicyDocumentException p) {
            // Every problem, not just the first: a policy author fixes them in one pass.
            cl.getErr().println("scc: invalid policy document:");
            p.problems().forEach(problem -> {
                cl.getErr().println("  " + problem.describe());
                problems.add(JsonOutput.Problem.of(code, problem.describe(), ""));
            });
        } else {
            cl.getErr().println("scc: " + message(ex));
            if (debug) {
                ex.printStackTrace(cl.getErr());
            }
            problems.add(problem(code, message(ex)));
        }
        cl.getErr().flush();
        if (jsonRequested(parseResult)) {
            JsonOutput.print(cl.getOut(), JsonOutput.envelope(kind(cl), false, null, problems, List.of(), clock));
        }
        return code;
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("scc: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr());
        String help = "Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.";
        cl.getErr().println(help);
        cl.getErr().flush();
        if (List.of(args).contains("--json")) {
            JsonOutput.print(cl.getOut(), JsonOutput.envelope(kind(cl), false, null,
                    List.of(JsonOutput.Problem.of(ExitCodes.USAGE, ex.getMessage(), help)), List.of(),
                    Clock.systemUTC()));
        }
        return ExitCodes.USAGE;
    }

    /** A message that ends in {@code (fix: …)} (the runtime's form) is split into message and fix. */
    static JsonOutput.Problem problem(int code, String message) {
        int at = message.lastIndexOf(" (fix: ");
        if (at > 0 && message.endsWith(")")) {
            return JsonOutput.Problem.of(code, message.substring(0, at),
                    message.substring(at + " (fix: ".length(), message.length() - 1));
        }
        return JsonOutput.Problem.of(code, message, "");
    }

    /** The envelope kind of the failing command: as its success output names it, else its name in PascalCase. */
    static String kind(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        name = name.startsWith("scc ") ? name.substring(4) : name;
        String known = KINDS.get(name);
        if (known != null) {
            return known;
        }
        StringBuilder b = new StringBuilder();
        for (String word : name.split("[ -]")) {
            if (!word.isEmpty()) {
                b.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return b.length() == 0 ? "Error" : b.toString();
    }

    private static boolean jsonRequested(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr == null ? null : pr.commandSpec().root().commandLine().getParseResult();
                p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    private static String message(Exception ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
