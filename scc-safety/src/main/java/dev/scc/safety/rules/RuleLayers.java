package dev.scc.safety.rules;

import dev.scc.safety.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The trust hierarchy for action rules: org rules are absolute; a team's and a project's rules are added only where
 * the org delegates it, and only ever make decisions stricter. Evaluation takes the strictest match, so an added
 * {@code warn}, {@code require_approval} or {@code deny} rule can never lower an org decision; what would loosen
 * (an {@code allow} rule, a rule redefining an org rule's id) is refused and reported, like every refused change. A
 * policy exception may lift a team or project rule, never an org or built-in one.
 */
public final class RuleLayers {
    private RuleLayers() {}

    /** The rules of one lower layer (team or project) and, when the org does not delegate rules to it, why. */
    public record Layer(List<ActionRule> rules, Optional<String> undelegated) {
        public Layer {
            rules = List.copyOf(rules);
        }
    }

    /** A lower-layer rule (or an exception) that was not applied, with the reason. */
    public record Refused(String keyPath, String requested, String source, String reason) {}

    /** The effective rules, what was refused, and the rule ids exceptions lifted. */
    public record Result(RuleSet rules, List<Refused> refused, List<String> lifted) {
        public Result {
            refused = List.copyOf(refused);
            lifted = List.copyOf(lifted);
        }
    }

    /**
     * Merges the layers.
     *
     * @param authoritative the built-in and org rules (never refused, never lifted)
     * @param lower the team layer, then the project layer
     * @param liftedIds rule ids active policy exceptions lift
     * @throws IllegalArgumentException when two authoritative rules share an id
     */
    public static Result merge(List<ActionRule> authoritative, List<Layer> lower, Set<String> liftedIds) {
        List<ActionRule> out = new ArrayList<>(authoritative);
        Set<String> ids = new HashSet<>();
        authoritative.forEach(r -> ids.add(r.id()));
        List<Refused> refused = new ArrayList<>();
        List<String> lifted = new ArrayList<>();
        for (Layer layer : lower) {
            for (ActionRule r : layer.rules()) {
                String at = "rules." + r.id();
                String requested = r.decision().policyWord();
                String source = r.origin().label() + (r.origin().file().isEmpty() ? "" : " (" + r.origin().file() + ")");
                if (layer.undelegated().isPresent()) {
                    refused.add(new Refused(at, requested, source, layer.undelegated().get()));
                } else if (ids.contains(r.id())) {
                    refused.add(new Refused(at, requested, source, "Rule id '" + r.id() + "' is already defined by a more"
                            + " authoritative layer; a " + r.origin().layer().key() + " rule cannot redefine it"));
                } else if (r.decision() == Decision.ALLOW) {
                    refused.add(new Refused(at, requested, source, "A " + r.origin().layer().key() + " rule can only make"
                            + " decisions stricter (warn, require_approval, deny); allow could loosen an org decision"));
                } else if (liftedIds.contains(r.id()) && r.origin().layer().liftable()) {
                    lifted.add(r.id());
                    ids.add(r.id());
                } else {
                    out.add(r);
                    ids.add(r.id());
                }
            }
        }
        for (ActionRule r : authoritative) {
            if (liftedIds.contains(r.id())) {
                refused.add(new Refused("exceptions.allow_rules", r.id(), r.origin().label(), "A policy exception cannot lift"
                        + " rule '" + r.id() + "': " + (r.origin().layer() == Origin.Layer.BUILTIN
                                ? "built-in rules are switched by security.safety_net" : "org rules are absolute")));
            }
        }
        return new Result(RuleSet.of(out), refused, lifted);
    }
}
