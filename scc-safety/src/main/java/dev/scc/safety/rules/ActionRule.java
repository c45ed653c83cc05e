package dev.scc.safety.rules;

import dev.scc.safety.Decision;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of the action policy, built-in or the org's own: when {@link #match} matches an action, {@link #decision}
 * applies ({@code allow < warn < require_approval < deny}), with {@link #reason} told to the agent. A rule with
 * {@code enforce == false} is a shadow rule: its matches are recorded and change nothing.
 *
 * @param id unique within the effective policy ({@code deny-infra-destroy}, {@code git.force_push})
 * @param alternative the sanctioned way, when the rule names one
 * @param tests the rule's own examples, run at load
 * @param origin where the rule was defined (built-in pack, org, team, project)
 */
public record ActionRule(String id, Match match, Decision decision, String reason, Optional<String> alternative,
        boolean enforce, RuleTests tests, Origin origin) {

    public ActionRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(alternative, "alternative");
        Objects.requireNonNull(tests, "tests");
        Objects.requireNonNull(origin, "origin");
    }

    /** True for a shadow rule ({@code enforce: false}). */
    public boolean shadow() {
        return !enforce;
    }

    /** A copy with another decision (used when a stricter layer raises it). */
    public ActionRule withDecision(Decision d) {
        return new ActionRule(id, match, d, reason, alternative, enforce, tests, origin);
    }
}
