package dev.scc.safety.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule matches: patterns over one or more action kinds (an action matches when any pattern of its kind does),
 * or, for the built-in packs, the safety engine's own analysers ({@link #analysed()}: the git and network grammars
 * decide, the rule id names what they found).
 */
public record Match(List<ActionPattern> patterns, boolean analysed) {
    /** The match of a built-in rule: decided by the engine's analysers. */
    public static final Match ANALYSED = new Match(List.of(), true);

    public Match {
        patterns = List.copyOf(patterns);
        if (!analysed && patterns.isEmpty()) {
            throw new IllegalArgumentException("a rule's match needs at least one pattern");
        }
    }

    /** A match over these patterns. */
    public static Match of(List<? extends ActionPattern> patterns) {
        return new Match(List.copyOf(patterns), false);
    }

    /** The first pattern that matches {@code action}, if any. Built-in (analysed) matches never match here. */
    public Optional<ActionPattern> first(Action action) {
        ActionKind kind = action.kind();
        for (int i = 0, n = patterns.size(); i < n; i++) {
            ActionPattern p = patterns.get(i);
            if (p.kind() == kind && p.matches(action)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The first command pattern that matches {@code argv} (program first), or null: what {@link #first} gives for the
     * command action of that argv, without building the action.
     */
    ActionPattern firstCommand(List<String> argv) {
        for (int i = 0, n = patterns.size(); i < n; i++) {
            ActionPattern p = patterns.get(i);
            if (p instanceof CommandPattern && ((CommandPattern) p).matches(argv)) {
                return p;
            }
        }
        return null;
    }

    /** The action kinds this match has patterns for, in first-seen order. */
    public Set<ActionKind> kinds() {
        Set<ActionKind> out = new LinkedHashSet<>();
        patterns.forEach(p -> out.add(p.kind()));
        return out;
    }
}
