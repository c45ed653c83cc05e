package dev.scc.safety.rules;

import dev.scc.safety.Decision;

/**
 * One rule that matched an action: which rule, what it decides, why, where it comes from, and what matched (the
 * pattern text for pattern rules, the analysed command for built-in rules).
 */
public record TraceEntry(String ruleId, Decision decision, String reason, Origin origin, String matched, boolean shadow) {

    /** The entry of {@code rule} matching through {@code matched}. */
    public static TraceEntry of(ActionRule rule, String matched) {
        return new TraceEntry(rule.id(), rule.decision(), rule.reason(), rule.origin(), matched, rule.shadow());
    }
}
