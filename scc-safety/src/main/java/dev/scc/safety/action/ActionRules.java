package dev.scc.safety.action;

import dev.scc.safety.internal.match.CommandPattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled action rules of one policy, indexed for evaluation: command rules by the program they name (rules
 * whose program is a glob are tried for every command), the others by action kind. {@link #evaluate} is
 * deterministic: the enforced match with the most severe decision wins, the first in document order among equals;
 * shadow matches are listed separately and never change the outcome.
 */
public final class ActionRules {
    /** No rules. */
    public static final ActionRules NONE = new ActionRules(List.of());

    private final List<ActionRule> rules;
    private final Map<String, List<ActionRule>> byProgram = new HashMap<>();
    private final List<ActionRule> anyProgram = new ArrayList<>();
    private final List<ActionRule> others = new ArrayList<>();

    public ActionRules(List<ActionRule> rules) {
        this.rules = List.copyOf(rules);
        for (ActionRule r : this.rules) {
            boolean anyGlob = false;
            for (CommandPattern p : r.commandPatterns()) {
                if (p.literalProgram().isPresent()) {
                    List<ActionRule> l = byProgram.computeIfAbsent(p.literalProgram().get(), k -> new ArrayList<>());
                    if (!l.contains(r)) {
                        l.add(r);
                    }
                } else {
                    anyGlob = true;
                }
            }
            if (anyGlob) {
                anyProgram.add(r);
            }
            others.add(r);
        }
    }

    public List<ActionRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rules' verdict on one action. */
    public Outcome evaluate(Action action) {
        List<ActionRule> enforced = new ArrayList<>();
        List<ActionRule> shadow = new ArrayList<>();
        if (action instanceof Action.Command c) {
            if (c.argv().isEmpty()) {
                return new Outcome(Optional.empty(), List.of(), List.of());
            }
            String name = basename(c.argv().get(0));
            List<ActionRule> candidates = new ArrayList<>(byProgram.getOrDefault(name, List.of()));
            for (ActionRule r : anyProgram) {
                if (!candidates.contains(r)) {
                    candidates.add(r);
                }
            }
            // document order, so that "first among equals" does not depend on the index
            candidates.sort((a, b) -> Integer.compare(rules.indexOf(a), rules.indexOf(b)));
            collect(candidates, action, enforced, shadow);
        } else {
            collect(others, action, enforced, shadow);
        }
        ActionRule best = null;
        for (ActionRule r : enforced) {
            if (best == null || r.decision().compareTo(best.decision()) > 0) {
                best = r;
            }
        }
        return new Outcome(Optional.ofNullable(best), enforced, shadow);
    }

    private static void collect(List<ActionRule> candidates, Action action, List<ActionRule> enforced, List<ActionRule> shadow) {
        for (ActionRule r : candidates) {
            if (r.matches(action)) {
                (r.enforce() ? enforced : shadow).add(r);
            }
        }
    }

    /** The effective rule (the most severe enforced match), every enforced match and every shadow match. */
    public record Outcome(Optional<ActionRule> effective, List<ActionRule> enforced, List<ActionRule> shadow) {
        public Outcome {
            enforced = List.copyOf(enforced);
            shadow = List.copyOf(shadow);
        }
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
