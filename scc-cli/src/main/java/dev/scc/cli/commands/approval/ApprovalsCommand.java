package dev.scc.cli.commands.approval;

import dev.scc.cli.output.JsonOutput;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.ExitCodes;
import dev.scc.policy.approval.ApprovalRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scc approvals}: the approval requests waiting for a human, with their full context. */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = {"List approval requests from sandboxes, with the exact command, directory, rule and reason.",
            "Answer them with `scc approve ID` or `scc deny ID`."})
public final class ApprovalsCommand extends ApprovalSupport implements Callable<Integer> {
    public ApprovalsCommand(dev.scc.cli.CliServices services) {
        super(services);
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--all", description = "Also show answered, used, expired and invalid requests.")
    boolean all;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() {
        List<ApprovalRequest> shown = approvals().list(session(), all);
        PrintWriter out = spec.commandLine().getOut();
        if (jsonOption.enabled()) {
            ObjectNode d = JsonOutput.mapper().createObjectNode();
            ArrayNode a = d.putArray("requests");
            for (ApprovalRequest r : shown) {
                ObjectNode o = a.addObject();
                o.put("id", r.id());
                o.put("session_id", r.sessionId());
                o.put("status", r.status().name().toLowerCase());
                ArrayNode argv = o.putArray("argv");
                r.argv().forEach(argv::add);
                o.put("cwd", r.cwd());
                o.put("rule", r.rule());
                o.put("reason", r.reason());
                o.put("created_at", r.createdAt().toString());
                o.put("expires_at", r.expiresAt().toString());
                r.answer().ifPresent(ans -> {
                    ObjectNode an = o.putObject("answer");
                    an.put("decision", ans.decision());
                    an.put("reviewer", ans.reviewer());
                    an.put("reason", ans.reason());
                    an.put("decided_at", ans.decidedAt().toString());
                    an.put("expires_at", ans.expiresAt().toString());
                });
            }
            JsonOutput.print(out, "ApprovalRequests", d, List.of(), List.of(), clock);
            return ExitCodes.OK;
        }
        if (shown.isEmpty()) {
            out.println(all ? "No approval requests." : "No pending approval requests.");
        }
        for (ApprovalRequest r : shown) {
            out.println(r.id() + "  " + r.status().name().toLowerCase() + "  session " + r.sessionId()
                    + "  filed " + r.createdAt() + "  expires " + r.expiresAt());
            out.println("    command: " + dev.scc.cli.output.ShellQuote.of(r.argv()));
            out.println("    cwd:     " + r.cwd());
            out.println("    rule:    " + r.rule() + " — " + r.reason());
            r.answer().ifPresent(a -> out.println("    answer:  " + a.decision() + " by " + a.reviewer()
                    + (a.reason().isEmpty() ? "" : " (" + a.reason() + ")") + " at " + a.decidedAt()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
