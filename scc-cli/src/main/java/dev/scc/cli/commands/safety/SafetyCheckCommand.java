package dev.scc.cli.commands.safety;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.output.JsonOutput;
import dev.scc.cli.ExitCodes;
import dev.scc.safety.Decision;
import dev.scc.safety.Json;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.Verdict;
import dev.scc.safety.evaluator.Evaluator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc safety check}: judges one argv ({@code -- ARGV…}), one command line ({@code --command}),
 * or one command line per stdin line ({@code --batch}, one JSON verdict per stdout line). Exit 0 when
 * the command may run (a warning is printed on stderr), 2 when it is blocked (reason on stderr).
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {"Judge a command against the safety policy.",
            "Exit 0: allowed (warnings on stderr). Exit 2: blocked (reason on stderr)."})
public final class SafetyCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "An org config JSON (its security.safety_net is used) or a bare safety-policy JSON. Default: built-in defaults.")
    Path policy;

    @Option(names = "--command", paramLabel = "LINE", description = "A shell command line to analyse.")
    String command;

    @Option(names = "--batch", description = "Read one command line per stdin line; print one JSON verdict per line, same order.")
    boolean batch;

    @Mixin
    JsonOption jsonOption;

    @Parameters(paramLabel = "ARGV", arity = "0..*", description = "An exact argv (after --), judged without shell parsing.")
    List<String> argv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int modes = (command != null ? 1 : 0) + (batch ? 1 : 0) + (argv != null && !argv.isEmpty() ? 1 : 0);
        if (modes != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of: -- ARGV..., --command LINE, --batch");
        }
        SafetyPolicy p = PolicyOption.load(Optional.ofNullable(policy));
        if (p.failure().isPresent()) {
            err.println("scc: safety policy not loaded, every git and network command is blocked: " + p.failure().get());
        }
        Evaluator evaluator = Evaluator.of(new SafetyEngine(p));
        if (batch) {
            return batch(evaluator, out);
        }
        Verdict v = command != null ? evaluator.decideLine(command, cwd(), "check") : evaluator.decideArgv(argv, cwd(), "check");
        if (jsonOption.enabled()) {
            List<String> warnings = p.failure().map(List::of).orElse(List.of());
            // Exit 2 means "blocked" here (docs/safety.md), so the error's code says so.
            List<JsonOutput.Problem> errors = v.allowed() ? List.of()
                    : List.of(new JsonOutput.Problem("blocked", v.reason(), v.safeAlternative().orElse("")));
            out.println(JsonOutput.line("SafetyVerdict", v.allowed(), errors,
                    v.decision() == Decision.WARN ? concat(warnings, v.reason()) : warnings, v.toJson(),
                    java.time.Clock.systemUTC()));
        }
        out.flush();
        if (v.allowed()) {
            if (v.decision() == Decision.WARN) {
                err.println(v.reason());
            }
            err.flush();
            return ExitCodes.OK;
        }
        err.println(v.reason());
        err.flush();
        return 2;
    }

    private static List<String> concat(List<String> a, String b) {
        java.util.ArrayList<String> l = new java.util.ArrayList<>(a);
        l.add(b);
        return l;
    }

    private int batch(Evaluator evaluator, PrintWriter out) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                Verdict v = evaluator.decideLine(line, cwd(), "check");
                out.println("{\"input\":" + Json.quote(line) + "," + v.toJson().substring(1));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin: " + e.getMessage(), e);
        }
    }

    private static String cwd() {
        return System.getProperty("user.dir", "");
    }
}
