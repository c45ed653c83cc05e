package dev.scc.core.plan;

import dev.scc.safety.Decision;
import dev.scc.safety.rules.ActionKind;
import dev.scc.safety.rules.ActionPattern;
import dev.scc.safety.rules.ActionRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The org's (and delegated) {@code deny} command rules as native deny rules: Claude {@code permissions.deny}
 * {@code Bash(…)}, Codex {@code .rules} {@code prefix_rule}, Gemini policy {@code commandPrefix}. They are an extra
 * layer the agents honour themselves, never the only one: the hook and the evaluator judge every spelling with the
 * analyser. A native rule may only ever deny what the SCC rule denies, so a pattern is rendered only when a token
 * prefix expresses it faithfully: plain words (no glob, no option, no {@code **} inside), the program by name and
 * by its usual absolute paths. Every other shape is hook-only, and {@link #hookOnly} says why (for
 * {@code config explain}). {@code scc render} and {@code scc start} both take these rules from {@link RenderPlans}.
 */
public final class OrgRuleDenials {
    /** The directories a program is usually spelled from when invoked by path. */
    static final List<String> BIN_DIRS = List.of("/usr/bin/", "/usr/local/bin/", "/bin/");

    private OrgRuleDenials() {}

    /** The native deny rules of these pattern rules (built-in rules come from {@link SafetyRules}). */
    static List<RenderPlan.DenyRule> from(List<ActionRule> rules) {
        List<RenderPlan.DenyRule> out = new ArrayList<>();
        for (ActionRule r : rules) {
            if (r.match().analysed() || ruleHookOnly(r).isPresent()) {
                continue;
            }
            int n = 0;
            for (ActionPattern p : r.match().patterns()) {
                if (p.kind() != ActionKind.COMMAND || patternHookOnly(p.text()).isPresent()) {
                    continue;
                }
                List<String> words = words(p.text());
                List<List<String>> pattern = new ArrayList<>();
                List<String> program = new ArrayList<>();
                program.add(words.get(0));
                BIN_DIRS.forEach(d -> program.add(d + words.get(0)));
                pattern.add(program);
                words.subList(1, words.size()).forEach(w -> pattern.add(List.of(w)));
                String example = String.join(" ", words);
                out.add(new RenderPlan.DenyRule("rules." + r.id() + (n == 0 ? "" : "#" + n), r.id(), pattern,
                        r.reason().isEmpty() ? "denied by the rule " + r.id() : r.reason(), List.of(example), List.of()));
                n++;
            }
        }
        return out;
    }

    /** True when at least one of the rule's patterns also becomes a native deny rule. */
    public static boolean hasNativeDenial(ActionRule r) {
        return !from(List.of(r)).isEmpty();
    }

    /**
     * Why this rule, or some of its patterns, is judged by the hook and the evaluator alone (empty when every pattern
     * also becomes a native deny rule). Built-in rules are reported by the safety net, not here.
     */
    public static Optional<String> hookOnly(ActionRule r) {
        if (r.match().analysed()) {
            return Optional.empty();
        }
        Optional<String> whole = ruleHookOnly(r);
        if (whole.isPresent()) {
            return whole;
        }
        List<String> why = new ArrayList<>();
        for (ActionPattern p : r.match().patterns()) {
            Optional<String> w = p.kind() == ActionKind.COMMAND ? patternHookOnly(p.text())
                    : Optional.of("native deny rules cover commands only");
            w.ifPresent(x -> why.add(p.kind().key() + " \"" + p.text() + "\": " + x));
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    private static Optional<String> ruleHookOnly(ActionRule r) {
        if (r.shadow()) {
            return Optional.of("a shadow rule changes nothing");
        }
        if (r.decision() != Decision.BLOCK) {
            return Optional.of("native rules only deny; " + r.decision().policyWord() + " needs the hook");
        }
        return Optional.empty();
    }

    private static Optional<String> patternHookOnly(String text) {
        for (String w : words(text)) {
            if (w.startsWith("-")) {
                return Optional.of("options may stand anywhere, a native prefix cannot say so");
            }
            if (w.indexOf('*') >= 0) {
                return Optional.of("a native prefix has no globs");
            }
            if (w.indexOf('?') >= 0 || w.indexOf('[') >= 0 || w.indexOf('/') >= 0 || w.indexOf('=') >= 0
                    || w.indexOf('(') >= 0 || w.indexOf(')') >= 0) {
                return Optional.of("\"" + w + "\" is not a plain word");
            }
        }
        return Optional.empty();
    }

    private static List<String> words(String text) {
        return List.of(text.strip().split("\\s+"));
    }
}
