package dev.scc.safety;

import dev.scc.safety.internal.json.MiniJson;
import java.util.List;
import java.util.Optional;

/**
 * The engine's answer for one command. {@code rule} names the matched rule ({@code git.force_push},
 * {@code network.curl}, {@code policy.invalid}, ...); {@code reason} is the human message
 * ({@code BLOCKED: … \n\nSafe alternative: …} for blocks); {@code command} is the argv of the simple
 * command that matched (empty for allow). {@code approvalRequestId} is set when an approval gate
 * filed or consumed a request for it.
 */
public record Verdict(
        Decision decision,
        Optional<String> rule,
        String reason,
        Optional<String> safeAlternative,
        Optional<CommandFamily> commandFamily,
        Optional<String> subcommand,
        List<String> command,
        Optional<String> approvalRequestId) {

    public Verdict {
        command = List.copyOf(command);
    }

    /** An allow with the given reason and nothing matched. */
    public static Verdict allow(String reason) {
        return new Verdict(Decision.ALLOW, Optional.empty(), reason, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty());
    }

    /** A copy with another decision and reason. */
    public Verdict with(Decision newDecision, String newReason) {
        return new Verdict(newDecision, rule, newReason, safeAlternative, commandFamily, subcommand, command, approvalRequestId);
    }

    /** A copy with another decision, reason and approval request id. */
    public Verdict withApproval(Decision newDecision, String newReason, Optional<String> requestId) {
        return new Verdict(newDecision, rule, newReason, safeAlternative, commandFamily, subcommand, command, requestId);
    }

    /** True when the command may run now. */
    public boolean allowed() {
        return decision.runs();
    }

    /** One-line JSON: {@code decision, rule, reason, safe_alternative?, command_family, subcommand, command, approval_request_id?}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"decision\":");
        MiniJson.quote(sb, decision.wire());
        sb.append(",\"rule\":");
        appendOpt(sb, rule);
        sb.append(",\"reason\":");
        MiniJson.quote(sb, reason);
        if (safeAlternative.isPresent()) {
            sb.append(",\"safe_alternative\":");
            MiniJson.quote(sb, safeAlternative.get());
        }
        sb.append(",\"command_family\":");
        appendOpt(sb, commandFamily.map(CommandFamily::wire));
        sb.append(",\"subcommand\":");
        appendOpt(sb, subcommand);
        sb.append(",\"command\":[");
        for (int i = 0; i < command.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            MiniJson.quote(sb, command.get(i));
        }
        sb.append(']');
        if (approvalRequestId.isPresent()) {
            sb.append(",\"approval_request_id\":");
            MiniJson.quote(sb, approvalRequestId.get());
        }
        return sb.append('}').toString();
    }

    private static void appendOpt(StringBuilder sb, Optional<String> v) {
        if (v.isPresent()) {
            MiniJson.quote(sb, v.get());
        } else {
            sb.append("null");
        }
    }
}
