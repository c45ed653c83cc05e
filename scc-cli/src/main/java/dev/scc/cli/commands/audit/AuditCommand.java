package dev.scc.cli.commands.audit;

import dev.scc.cli.output.JsonOutput;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.ExitCodes;
import dev.scc.app.audit.GovernedAudit;
import dev.scc.policy.audit.AuditRecord;
import dev.scc.policy.audit.SccState;
import dev.scc.policy.audit.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc audit tail|show|export|verify}: read and check the tamper-evident audit log. */
@Command(name = "audit", description = "Read, export and verify the tamper-evident audit log.",
        mixinStandardHelpOptions = true,
        subcommands = {AuditCommand.Tail.class, AuditCommand.Show.class, AuditCommand.Export.class,
            AuditCommand.Verify.class, AuditCommand.Ingest.class})
public final class AuditCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every audit subcommand shares. */
    static class Common {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        final dev.scc.cli.CliServices services;

        Common(dev.scc.cli.CliServices services) {
            this.services = services;
            this.clock = services.clock();
        }

        @Option(names = "--log", paramLabel = "FILE",
                description = "Audit log to read (default: $XDG_STATE_HOME/scc/audit/audit.jsonl).")
        Path log;

        @Mixin
        JsonOption jsonOption;

        final Clock clock;

        Path logFile() {
            return log != null ? log : SccState.auditLog(services.env());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        GovernedAudit audit() {
            return new GovernedAudit(logFile(), clock);
        }

        void printHuman(AuditRecord r) {
            var e = r.evidence();
            out().println("#" + r.seq() + "  " + r.timestamp() + "  " + r.kind() + "  " + e.decision() + "  "
                    + e.agent() + e.sessionId().map(s -> "@" + s).orElse("") + "  " + e.action()
                    + (e.target().isEmpty() ? "" : "  [" + e.target() + "]") + "  -> " + e.outcome()
                    + e.reviewer().map(v -> " (by " + v + ")").orElse(""));
        }

        ArrayNode jsonRecords(List<AuditRecord> rs) {
            ArrayNode a = JsonOutput.mapper().createArrayNode();
            for (AuditRecord r : rs) {
                a.add(raw(r));
            }
            return a;
        }

        static JsonNode raw(AuditRecord r) {
            try {
                return JsonOutput.mapper().readTree(r.json());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "tail", description = "Show the last records.", mixinStandardHelpOptions = true)
    static final class Tail extends Common implements Callable<Integer> {
        public Tail(dev.scc.cli.CliServices services) {
            super(services);
        }

        @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many records (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only records at or after WHEN (as for export).")
        String since;

        @Override
        public Integer call() {
            Instant from = since == null ? Instant.MIN : parseSince(since, clock.instant());
            List<AuditRecord> last = audit().tail(count, from);
            if (jsonOption.enabled()) {
                ObjectNode d = JsonOutput.mapper().createObjectNode();
                d.put("log", logFile().toString());
                d.set("records", jsonRecords(last));
                JsonOutput.print(out(), "AuditRecords", d, List.of(), List.of(), clock);
            } else {
                last.forEach(this::printHuman);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show one record in full.", mixinStandardHelpOptions = true)
    static final class Show extends Common implements Callable<Integer> {
        public Show(dev.scc.cli.CliServices services) {
            super(services);
        }

        @Parameters(paramLabel = "SEQ", description = "The record's sequence number.")
        long seq;

        @Override
        public Integer call() throws Exception {
            Optional<AuditRecord> r = audit().record(seq);
            if (r.isEmpty()) {
                throw new SccException(Kind.NOT_FOUND, "no record with seq " + seq + " in " + logFile()
                        + "; `scc audit tail` shows the latest.", "", null);
            }
            if (jsonOption.enabled()) {
                ObjectNode d = JsonOutput.mapper().createObjectNode();
                d.put("line", r.get().line());
                d.set("record", raw(r.get()));
                JsonOutput.print(out(), "AuditRecord", d, List.of(), List.of(), clock);
            } else {
                out().println(JsonOutput.mapper().writeValueAsString(raw(r.get())));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", description = {"Print records as JSON Lines (one record per line, exactly as stored)",
        "for shipping to a SIEM; with --json, as one envelope."}, mixinStandardHelpOptions = true)
    static final class Export extends Common implements Callable<Integer> {
        public Export(dev.scc.cli.CliServices services) {
            super(services);
        }

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only records at or after WHEN: an instant (2026-11-22T03:00:00Z), a date"
                        + " (2026-11-22, UTC) or an age (30m, 24h, 7d).")
        String since;

        @Override
        public Integer call() {
            Instant from = since == null ? Instant.MIN : parseSince(since, clock.instant());
            List<AuditRecord> rs = audit().since(from);
            if (jsonOption.enabled()) {
                ObjectNode d = JsonOutput.mapper().createObjectNode();
                d.put("log", logFile().toString());
                if (since != null) {
                    d.put("since", from.toString());
                }
                d.set("records", jsonRecords(rs));
                JsonOutput.print(out(), "AuditExport", d, List.of(), List.of(), clock);
            } else {
                rs.forEach(r -> out().println(r.json()));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhdw])");

    static Instant parseSince(String s, Instant now) {
        Matcher m = AGE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new SccException(Kind.INVALID, "--since: '" + s + "' is not an instant"
                        + " (2026-11-22T03:00:00Z), a date (2026-11-22) or an age (30m, 24h, 7d)", "", notDate);
            }
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, description = {"Append evidence produced outside"
        + " this process: each session's verdict spool, proxy access log and approval requests/uses.",
        "Each item is appended once (cursor files under the session directory)."})
    static final class Ingest extends Common implements Callable<Integer> {
        public Ingest(dev.scc.cli.CliServices services) {
            super(services);
        }

        @Option(names = "--state-dir", paramLabel = "DIR", hidden = true, description = "SCC state root.")
        Path stateDir;

        @Override
        public Integer call() {
            Path root = stateDir != null ? stateDir : SccState.root(services.env());
            Path file = log != null ? log : SccState.auditLogUnder(root);
            int n = new GovernedAudit(file, clock).ingest(root);
            if (jsonOption.enabled()) {
                ObjectNode d = JsonOutput.mapper().createObjectNode();
                d.put("log", file.toString());
                d.put("appended", n);
                JsonOutput.print(out(), "AuditIngest", d, List.of(), List.of(), clock);
            } else {
                out().println("ingested " + n + " record(s) into " + file);
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", description = {"Check the hash chain: every edited, removed or reordered record is",
        "reported with its line and seq. Exit 0 if intact, 6 if not."}, mixinStandardHelpOptions = true)
    static final class Verify extends Common implements Callable<Integer> {
        public Verify(dev.scc.cli.CliServices services) {
            super(services);
        }

        @Override
        public Integer call() {
            VerifyReport r = audit().verify();
            List<String> problems = r.problems().stream().map(VerifyReport.Problem::toString).toList();
            if (jsonOption.enabled()) {
                ObjectNode d = JsonOutput.mapper().createObjectNode();
                d.put("log", logFile().toString());
                d.put("intact", r.ok());
                d.put("records", r.records());
                r.lastSeq().ifPresentOrElse(s -> d.put("last_seq", s), () -> d.putNull("last_seq"));
                r.tornLine().ifPresentOrElse(t -> d.put("torn_line", t), () -> d.putNull("torn_line"));
                ArrayNode ps = d.putArray("problems");
                for (VerifyReport.Problem p : r.problems()) {
                    ObjectNode o = ps.addObject();
                    o.put("line", p.line());
                    p.seq().ifPresentOrElse(s -> o.put("seq", s), () -> o.putNull("seq"));
                    o.put("message", p.message());
                }
                JsonOutput.print(out(), JsonOutput.envelope("AuditVerification", r.ok(), d,
                        JsonOutput.Problem.all(ExitCodes.GOVERNANCE, problems), r.warnings(), clock));
            } else {
                PrintWriter err = spec.commandLine().getErr();
                r.warnings().forEach(w -> err.println("scc: warning: " + w));
                if (r.ok()) {
                    out().println("audit log intact: " + r.records() + " record(s)"
                            + r.lastSeq().map(s -> ", last seq " + s).orElse("") + " (" + logFile() + ")");
                } else {
                    err.println("scc: audit log " + logFile() + " FAILED verification (" + problems.size()
                            + " problem(s)):");
                    problems.forEach(p -> err.println("  " + p));
                }
                err.flush();
                out().flush();
            }
            return r.ok() ? ExitCodes.OK : ExitCodes.GOVERNANCE;
        }
    }
}
