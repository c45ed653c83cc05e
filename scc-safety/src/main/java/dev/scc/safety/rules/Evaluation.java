package dev.scc.safety.rules;

import dev.scc.safety.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating one action (or one command line's actions) against a rule set: the effective decision
 * (the strictest enforced match, {@code allow} when nothing matched), the enforced matches in a deterministic order
 * (strictest first, then by layer, then by id) and, separately, the shadow matches, which change nothing.
 */
public record Evaluation(Decision decision, List<TraceEntry> trace, List<TraceEntry> shadow) {
    /** Strictest first, then most authoritative layer, then id, then what matched: the same rules give the same order. */
    public static final Comparator<TraceEntry> ORDER = Comparator.comparing(TraceEntry::decision).reversed()
            .thenComparing(e -> e.origin().layer())
            .thenComparing(TraceEntry::ruleId)
            .thenComparing(TraceEntry::matched);

    /** Nothing matched. */
    public static final Evaluation NONE = new Evaluation(Decision.ALLOW, List.of(), List.of());

    public Evaluation {
        trace = List.copyOf(trace);
        shadow = List.copyOf(shadow);
    }

    /** An evaluation of these matches (shadow ones are split off); the decision is the strictest enforced one. */
    public static Evaluation of(List<TraceEntry> matches) {
        List<TraceEntry> enforced = new ArrayList<>();
        List<TraceEntry> shadows = new ArrayList<>();
        for (TraceEntry e : matches) {
            (e.shadow() ? shadows : enforced).add(e);
        }
        enforced.sort(ORDER);
        shadows.sort(ORDER);
        List<TraceEntry> t = dedupe(enforced);
        Decision d = t.isEmpty() ? Decision.ALLOW : t.get(0).decision();
        return new Evaluation(d, t, dedupe(shadows));
    }

    private static List<TraceEntry> dedupe(List<TraceEntry> sorted) {
        List<TraceEntry> out = new ArrayList<>();
        for (TraceEntry e : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The rule that decided: the first enforced match; empty when nothing enforced matched. */
    public Optional<TraceEntry> decidingRule() {
        return trace.isEmpty() ? Optional.empty() : Optional.of(trace.get(0));
    }

    /** This evaluation and {@code other} together (a line's several commands, or built-in and org rules). */
    public Evaluation and(Evaluation other) {
        List<TraceEntry> all = new ArrayList<>(trace);
        all.addAll(shadow);
        all.addAll(other.trace);
        all.addAll(other.shadow);
        return of(all);
    }
}
