package dev.scc.cli.commands.approval;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.cli.ExitCodes;
import dev.scc.app.approval.GovernedApprovals;
import dev.scc.policy.approval.ApprovalRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc approve ID}: lets exactly that command run once, within a time limit. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a pending request: the sandbox may run exactly that command, in that directory, once.")
public final class ApproveCommand extends ApprovalSupport implements Callable<Integer> {
    public ApproveCommand(dev.scc.cli.CliServices services) {
        super(services);
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Request id (a unique prefix is enough).")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why; recorded in the audit log.")
    String reason;

    @Option(names = "--valid-for", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long the approval stays usable: 30s, 10m, 1h (default ${DEFAULT-VALUE}).")
    String validFor;

    @Override
    public Integer call() {
        Duration d = parseDuration(validFor);
        ApprovalRequest r = approvals().approve(id, session(), GovernedApprovals.currentReviewer(), reason, d);
        spec.commandLine().getOut().println("Approved " + r.id() + ": " + describe(r) + "; it may run once until "
                + r.answer().map(a -> a.expiresAt().toString()).orElse("?") + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.matches("\\d+[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
                if (!d.isZero()) {
                    return d;
                }
            } else {
                Duration d = Duration.parse(s);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            // fall through to the usage error
        }
        throw new SccException(Kind.INVALID, "--valid-for: '" + s + "' is not a positive duration like 30s, 10m"
                + " or 1h", "", null);
    }
}
