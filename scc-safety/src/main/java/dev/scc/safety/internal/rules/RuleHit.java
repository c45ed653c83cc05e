package dev.scc.safety.internal.rules;

import java.util.List;

/** One rule matching one command: the rule, the reported id (network ids name the tool), the subcommand, the message text, the argv. */
public record RuleHit(Rule rule, String ruleId, String subcommand, String text, String alternative, List<String> argv) {
    public RuleHit {
        argv = List.copyOf(argv);
    }

    public static RuleHit of(Rule rule, String subcommand, List<String> argv) {
        return new RuleHit(rule, rule.id(), subcommand, rule.text(), rule.alternative(), argv);
    }

    public RuleHit withText(String newText) {
        return new RuleHit(rule, ruleId, subcommand, newText, alternative, argv);
    }

    /** The human message: {@code BLOCKED: text} then the safe alternative. */
    public String message() {
        return "BLOCKED: " + text + "\n\nSafe alternative: " + alternative;
    }
}
