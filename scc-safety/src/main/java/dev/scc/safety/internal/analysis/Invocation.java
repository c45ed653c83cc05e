package dev.scc.safety.internal.analysis;

import dev.scc.safety.internal.shell.Word;
import java.util.List;
import java.util.Map;

/**
 * One command that would actually run, after wrappers are peeled off; {@code via} says how it was reached ("" when
 * direct); {@code env} holds the literal {@code NAME=value} assignments written before it (a value computed at run
 * time is kept as its text with {@code $}).
 */
public record Invocation(List<Word> argv, String via, Map<String, String> env) {
    public Invocation {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    public Invocation(List<Word> argv, String via) {
        this(argv, via, Map.of());
    }
}
