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
        Optional<String> approvalRequestId,
        Evidence evidence) {

    public Verdict {
        command = List.copyOf(command);
        java.util.Objects.requireNonNull(evidence, "evidence");
    }

    /** A verdict with no evidence beyond its own fields. */
    public Verdict(Decision decision, Optional<String> rule, String reason, Optional<String> safeAlternative,
            Optional<CommandFamily> commandFamily, Optional<String> subcommand, List<String> command,
            Optional<String> approvalRequestId) {
        this(decision, rule, reason, safeAlternative, commandFamily, subcommand, command, approvalRequestId, Evidence.NONE);
    }

    /**
     * What the audit record of a verdict carries besides the decision: the action kind and hash (for an action rule's
     * verdict), the rule's origin, the shadow rules that matched (recorded, never applied), the policy version and the
     * reviewer of an approval that was used.
     */
    public record Evidence(String actionKind, Optional<String> actionHash, Optional<String> ruleOrigin, List<ShadowMatch> shadow,
            String policyVersion, Optional<String> reviewer) {
        /** Nothing beyond the verdict. */
        public static final Evidence NONE = new Evidence("command", Optional.empty(), Optional.empty(), List.of(), "", Optional.empty());

        public Evidence {
            shadow = List.copyOf(shadow);
        }

        public Evidence withPolicyVersion(String v) {
            return new Evidence(actionKind, actionHash, ruleOrigin, shadow, v, reviewer);
        }

        public Evidence withReviewer(Optional<String> r) {
            return new Evidence(actionKind, actionHash, ruleOrigin, shadow, policyVersion, r);
        }
    }

    /** A shadow rule that matched: what it would have decided, had it been enforced. */
    public record ShadowMatch(String rule, Decision decision, String origin) {}

    /** A copy with other evidence. */
    public Verdict withEvidence(Evidence e) {
        return new Verdict(decision, rule, reason, safeAlternative, commandFamily, subcommand, command, approvalRequestId, e);
    }

    /** An allow with the given reason and nothing matched. */
    public static Verdict allow(String reason) {
        return new Verdict(Decision.ALLOW, Optional.empty(), reason, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty());
    }

    /** A copy with another decision and reason. */
    public Verdict with(Decision newDecision, String newReason) {
        return new Verdict(newDecision, rule, newReason, safeAlternative, commandFamily, subcommand, command, approvalRequestId,
                evidence);
    }

    /** A copy with another decision, reason and approval request id. */
    public Verdict withApproval(Decision newDecision, String newReason, Optional<String> requestId) {
        return new Verdict(newDecision, rule, newReason, safeAlternative, commandFamily, subcommand, command, requestId, evidence);
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
