package dev.scc.cli.commands.approval;

import dev.scc.cli.ExitCodes;
import dev.scc.app.approval.GovernedApprovals;
import dev.scc.policy.approval.ApprovalRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc deny ID}: the sandbox reports the denial and never runs the command for this request. */
@Command(name = "deny", mixinStandardHelpOptions = true,
        description = "Deny a pending request; the agent is told it was denied, and why.")
public final class DenyCommand extends ApprovalSupport implements Callable<Integer> {
    public DenyCommand(dev.scc.cli.CliServices services) {
        super(services);
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Request id (a unique prefix is enough).")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "",
            description = "Why; shown to the agent and recorded in the audit log.")
    String reason;

    @Override
    public Integer call() {
        ApprovalRequest r = approvals().deny(id, session(), GovernedApprovals.currentReviewer(), reason);
        spec.commandLine().getOut().println("Denied " + r.id() + ": " + describe(r) + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
