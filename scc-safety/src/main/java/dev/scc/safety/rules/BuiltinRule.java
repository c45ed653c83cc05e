package dev.scc.safety.rules;

import dev.scc.safety.Decision;
import java.util.List;
import java.util.Optional;

/**
 * One rule of a built-in pack, as data: the engine's analysers find it (by {@link #id}), the native renderers write
 * its {@link #nativePrefix} as the agents' own deny rules, and its switch in {@code security.safety_net} turns it off.
 *
 * @param id the rule id in verdicts, traces and {@code require_approval} ({@code git.force_push})
 * @param pack the pack it belongs to ({@code git}, {@code network}, {@code engine})
 * @param switchKey the {@code security.safety_net} boolean that turns it off ({@code block_force_push}), if any
 * @param decision what a match decides by default
 * @param text the human message (one sentence)
 * @param alternative the sanctioned way
 * @param nativePrefix an ordered token prefix (each position lists alternatives) the native renderers write as a
 *     static deny layer (Claude {@code permissions.deny}, Codex {@code forbidden} prefix rules); empty when the rule
 *     cannot be written as a prefix
 * @param tests examples the engine must match and must not (checked by the pack's tests)
 */
public record BuiltinRule(String id, String pack, Optional<String> switchKey, Decision decision, String text,
        String alternative, List<List<String>> nativePrefix, RuleTests tests) {

    public BuiltinRule {
        nativePrefix = nativePrefix.stream().map(List::copyOf).toList();
    }

    /** The rule in the common model (matched by the engine's analysers). */
    public ActionRule asRule() {
        return new ActionRule(id, Match.ANALYSED, decision, text, Optional.of(alternative), true, tests, Origin.builtin(pack));
    }

    /** The justification the native renderers write next to the prefix rule. */
    public String nativeJustification() {
        String t = text.isEmpty() ? id : Character.toLowerCase(text.charAt(0)) + text.substring(1);
        return "SCC policy: " + t + " Safe alternative: " + alternative + ".";
    }
}
