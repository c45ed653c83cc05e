package dev.scc.safety.internal.analysis;

import dev.scc.safety.internal.shell.Word;
import java.util.List;

/** One command that would actually run, after wrappers are peeled off; {@code via} says how it was reached ("" when direct). */
public record Invocation(List<Word> argv, String via) {
    public Invocation {
        argv = List.copyOf(argv);
    }
}
