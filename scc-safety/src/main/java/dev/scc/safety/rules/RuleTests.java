package dev.scc.safety.rules;

import java.util.List;

/**
 * A rule's own examples, checked when the rule is loaded: every {@code match} example must match the rule and no
 * {@code notMatch} example may. For command rules an example is a shell line (analysed as the engine would); for
 * other kinds see {@link ActionPattern#example}.
 */
public record RuleTests(List<String> match, List<String> notMatch) {
    public static final RuleTests NONE = new RuleTests(List.of(), List.of());

    public RuleTests {
        match = List.copyOf(match);
        notMatch = List.copyOf(notMatch);
    }

    public boolean isEmpty() {
        return match.isEmpty() && notMatch.isEmpty();
    }
}
