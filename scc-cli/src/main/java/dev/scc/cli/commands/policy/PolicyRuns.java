package dev.scc.cli.commands.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.app.launch.GovernedLaunch;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.OrgConfig;
import dev.scc.safety.Decision;
import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.Evaluation;
import dev.scc.safety.rules.TraceEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * How the policy tools decide: the effective config of the org (and team) is turned into the very policy file a
 * sandbox would get, and that file is judged by the sandbox's engine, so {@code scc policy simulate} and {@code scc
 * safety check} inside the sandbox reach the same verdict.
 */
final class PolicyRuns {
    private PolicyRuns() {}

    /** The decision for one action, with the verdict text the agent would be told (commands only). */
    record Outcome(Decision decision, String reason, Evaluation evaluation, String action) {}

    static EffectiveConfig effective(OrgConfig org, String team, Instant now) {
        return new TrustMerge().merge(MergeInput.of(org, team, now));
    }

    /** The policy the sandbox's evaluator would load for this effective config. */
    static SafetyPolicy sandboxPolicy(EffectiveConfig e) {
        return SafetyPolicyLoader.parse(new String(GovernedLaunch.sandboxSafetyPolicy(e), StandardCharsets.UTF_8), "simulated sandbox policy");
    }

    static Outcome command(SafetyPolicy policy, String line) {
        SafetyEngine.Judgement j = new SafetyEngine(policy).judgeLine(line);
        return new Outcome(j.verdict().decision(), j.verdict().reason(), j.evaluation(), "command: " + line);
    }

    static Outcome action(SafetyPolicy policy, Action action) {
        if (policy.failure().isPresent()) {
            return new Outcome(Decision.BLOCK, "the policy could not be loaded: " + policy.failure().get(), Evaluation.NONE,
                    action.canonical());
        }
        Evaluation e = policy.rules().evaluate(action);
        String reason = e.decidingRule().map(r -> r.reason() + " (rule " + r.ruleId() + ", " + r.origin().label() + ")")
                .orElse("No rule matched");
        return new Outcome(e.decision(), reason, e, action.canonical());
    }

    static ArrayNode entries(ArrayNode arr, List<TraceEntry> entries) {
        for (TraceEntry t : entries) {
            ObjectNode o = arr.addObject();
            o.put("rule", t.ruleId());
            o.put("decision", t.decision().policyWord());
            o.put("origin", t.origin().label());
            o.put("file", t.origin().file());
            o.put("matched", t.matched());
            o.put("reason", t.reason());
        }
        return arr;
    }
}
