package dev.scc.cli.commands.approval;

import dev.scc.app.approval.GovernedApprovals;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.audit.SccState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What the approval commands share: the options naming where sessions live; the work is {@link GovernedApprovals}. */
class ApprovalSupport {
    final dev.scc.cli.CliServices services;

    ApprovalSupport(dev.scc.cli.CliServices services) {
        this.services = services;
        this.clock = services.clock();
    }

    @Option(names = "--state-dir", paramLabel = "DIR", hidden = true,
            description = "SCC state root (default: $XDG_STATE_HOME/scc or ~/.local/state/scc).")
    Path stateDir;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session's requests.")
    String session;

    final Clock clock;

    GovernedApprovals approvals() {
        return new GovernedApprovals(stateDir != null ? stateDir : SccState.root(services.env()), clock);
    }

    Optional<String> session() {
        return Optional.ofNullable(session);
    }

    static String describe(ApprovalRequest r) {
        return dev.scc.cli.output.ShellQuote.of(r.argv()) + "  (in " + r.cwd() + ")";
    }
}
