package dev.scc.safety.rules;

import java.util.List;

/**
 * Rules that cannot be loaded: every problem names the file, the key path and (when known) the rule id. A policy
 * whose rules do not load cannot make its decisions, so every governed action is blocked (fail closed).
 */
public final class RuleDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem: {@code file: keyPath (rule id): message}. */
    public record Problem(String file, String keyPath, String ruleId, String message) {
        @Override
        public String toString() {
            return file + ": " + keyPath + (ruleId.isEmpty() ? "" : " (rule " + ruleId + ")") + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public RuleDocumentException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " problems in rules:\n  " + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
