package dev.scc.cli.commands.safety;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.ExitCodes;
import dev.scc.safety.audit.AuditSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scc support safety-audit}: summarises the recent verdicts of the safety evaluator's audit log. */
@Command(name = "safety-audit", mixinStandardHelpOptions = true,
        description = "Summarise recent safety verdicts (the evaluator appends one JSON line per verdict).")
public final class SafetyAuditCommand implements Callable<Integer> {
    private final dev.scc.cli.CliServices services;

    public SafetyAuditCommand(dev.scc.cli.CliServices services) {
        this.services = services;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Audit log (default: $XDG_STATE_HOME/scc/safety-audit.jsonl, i.e. ~/.local/state/scc/safety-audit.jsonl).")
    Path log;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "500", description = "How many recent verdicts to read (default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = log != null ? log : services.dirs().sccStateDir().resolve("safety-audit.jsonl");
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        if (!Files.isRegularFile(file)) {
            err.println("scc: no safety audit log at " + file + " (the evaluator writes it with --audit-log; pass --log FILE)");
            err.flush();
            return ExitCodes.NOT_FOUND;
        }
        AuditSummary s;
        try {
            s = AuditSummary.read(file, limit, 10);
        } catch (IOException e) {
            err.println("scc: cannot read " + file + ": " + e.getMessage());
            err.flush();
            return ExitCodes.TOOL;
        }
        if (jsonOption.enabled()) {
            List<String> warnings = s.malformedLines() > 0 ? List.of(s.malformedLines() + " malformed line(s) skipped") : List.of();
            out.println(dev.scc.cli.output.JsonOutput.line("SafetyAuditSummary", true, List.of(), warnings, s.toJson(),
                    services.clock()));
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("Safety audit: %s%n", file);
        out.printf("  %d verdict(s)%s%n", s.verdicts(), s.from().map(f -> " from " + f + " to " + s.to().orElse(f)).orElse(""));
        StringBuilder d = new StringBuilder("  ");
        for (Map.Entry<String, Integer> e : s.byDecision().entrySet()) {
            d.append(e.getKey()).append(' ').append(e.getValue()).append("   ");
        }
        out.println(d.toString().stripTrailing());
        if (!s.bySource().isEmpty()) {
            StringBuilder src = new StringBuilder("  by source:");
            s.bySource().forEach((k, v) -> src.append(' ').append(k).append('=').append(v));
            out.println(src);
        }
        if (!s.byRule().isEmpty()) {
            out.println("Rules that stopped or warned:");
            s.byRule().forEach((k, v) -> out.printf("  %-32s %d%n", k, v));
        }
        if (!s.recentBlocks().isEmpty()) {
            out.println("Most recent blocks:");
            for (AuditSummary.Entry e : s.recentBlocks()) {
                out.printf("  %s  %-12s %-26s %s%n", e.ts(), e.source(), e.rule(), e.command());
            }
        }
        if (s.malformedLines() > 0) {
            out.printf("(%d malformed line(s) skipped)%n", s.malformedLines());
        }
        out.flush();
        return ExitCodes.OK;
    }

}
