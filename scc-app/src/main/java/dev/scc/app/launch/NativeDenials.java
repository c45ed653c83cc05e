package dev.scc.app.launch;

import dev.scc.core.plan.RenderPlan;
import dev.scc.safety.Decision;
import dev.scc.safety.rules.ActionPattern;
import dev.scc.safety.rules.ActionRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The org's {@code deny} command rules as native deny rules (Codex {@code .rules} {@code prefix_rule}, Claude
 * {@code permissions.deny} {@code Bash(…)}): an extra layer the agents honour themselves, never the only one (the hook
 * and the evaluator judge every spelling with the analyser). A native prefix can only say "these words first", so a
 * pattern is rendered when it is plain words (no glob, no option, no {@code **}) and only as those words; its other
 * spellings ({@code terraform -chdir=infra destroy}, a path to the program) are left to the hook.
 */
final class NativeDenials {
    private NativeDenials() {}

    /** The plan with a deny rule for every plain-word command pattern of the org's enforced {@code deny} rules. */
    static RenderPlan plus(RenderPlan plan, List<ActionRule> rules) {
        List<RenderPlan.DenyRule> extra = denyRules(rules);
        if (extra.isEmpty()) {
            return plan;
        }
        List<RenderPlan.DenyRule> all = new ArrayList<>(plan.denyRules());
        all.addAll(extra);
        return new RenderPlan(plan.provider(), plan.skills(), plan.mcpServers(), plan.nativeIntegrations(), plan.bundles(),
                plan.plugins(), plan.marketplaces(), plan.safetyHook(), all, plan.instructions(), plan.trust(), plan.skipped());
    }

    static List<RenderPlan.DenyRule> denyRules(List<ActionRule> rules) {
        List<RenderPlan.DenyRule> out = new ArrayList<>();
        for (ActionRule r : rules) {
            if (r.shadow() || r.decision() != Decision.BLOCK || r.match().analysed()) {
                continue;
            }
            int n = 0;
            for (ActionPattern p : r.match().patterns()) {
                if (!p.kind().key().equals("command")) {
                    continue;
                }
                List<String> words = List.of(p.text().strip().split("\\s+"));
                boolean plain = words.stream().allMatch(w -> !w.isEmpty() && !w.startsWith("-") && w.indexOf('*') < 0
                        && w.indexOf('?') < 0 && w.indexOf('[') < 0 && w.indexOf('/') < 0 && w.indexOf('=') < 0);
                if (!plain) {
                    continue;
                }
                List<List<String>> pattern = words.stream().map(List::of).toList();
                String example = String.join(" ", words);
                out.add(new RenderPlan.DenyRule("rules." + r.id() + (n == 0 ? "" : "#" + n), r.id(), pattern,
                        r.reason().isEmpty() ? "denied by the org's rule " + r.id() : r.reason(), List.of(example), List.of()));
                n++;
            }
        }
        return out;
    }
}
