package dev.scc.safety.rules;

import dev.scc.safety.internal.analysis.CommandAnalyzer;
import dev.scc.safety.internal.analysis.Invocation;
import dev.scc.safety.internal.shell.ShellSyntaxException;
import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An effective set of action rules (built-in, org, team, project) and their evaluation: every rule whose match
 * matches the action goes into the trace (shadow rules into the shadow list), the strictest enforced one decides.
 * Immutable, thread-safe and deterministic: the same rules and action give the same {@link Evaluation}, whatever
 * the order the rules were given in. Built-in rules ({@link Match#analysed()}) are listed here but matched by the
 * safety engine's analysers, which combine their verdict with this set's evaluation.
 */
public final class RuleSet {
    /** The empty set: nothing matches, everything is allowed. */
    public static final RuleSet EMPTY = new RuleSet(List.of());

    private final List<ActionRule> rules;
    private final Map<String, List<ActionRule>> commandsByProgram = new HashMap<>();
    private final List<ActionRule> commandsAnyProgram = new ArrayList<>();
    private final Map<ActionKind, List<ActionRule>> byKind = new EnumMap<>(ActionKind.class);
    private final boolean hasPatternRules;

    private RuleSet(List<ActionRule> rules) {
        this.rules = List.copyOf(rules);
        this.hasPatternRules = this.rules.stream().anyMatch(r -> !r.match().analysed());
        for (ActionRule r : this.rules) {
            for (ActionKind k : r.match().kinds()) {
                if (k != ActionKind.COMMAND) {
                    byKind.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                }
            }
            for (ActionPattern p : r.match().patterns()) {
                if (p instanceof CommandPattern) {
                    Optional<String> prog = ((CommandPattern) p).literalProgram();
                    List<ActionRule> bucket = prog.isPresent() ? commandsByProgram.computeIfAbsent(prog.get(), x -> new ArrayList<>())
                            : commandsAnyProgram;
                    if (bucket.isEmpty() || bucket.get(bucket.size() - 1) != r) {
                        bucket.add(r);
                    }
                }
            }
        }
    }

    /**
     * A set of these rules.
     *
     * @throws IllegalArgumentException when two rules share an id
     */
    public static RuleSet of(Collection<ActionRule> rules) {
        Map<String, ActionRule> seen = new LinkedHashMap<>();
        for (ActionRule r : rules) {
            ActionRule before = seen.putIfAbsent(r.id(), r);
            if (before != null) {
                throw new IllegalArgumentException("rule id \"" + r.id() + "\" is defined twice (" + before.origin().label() + " and "
                        + r.origin().label() + ")");
            }
        }
        return new RuleSet(new ArrayList<>(rules));
    }

    /** Two sets are equal when they hold equal rules in the same order (the indexes follow from the rules). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSet && ((RuleSet) o).rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "RuleSet" + rules.stream().map(r -> r.id() + "(" + r.origin().label() + ")").collect(Collectors.toList());
    }

    /** Every rule, in the order given. */
    public List<ActionRule> rules() {
        return rules;
    }

    /** The rule with this id. */
    public Optional<ActionRule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** True when no pattern rule is present (only built-in ones, or none). */
    public boolean hasPatternRules() {
        return hasPatternRules;
    }

    /** This set with {@code more} rules added after its own. */
    public RuleSet plus(Collection<ActionRule> more) {
        List<ActionRule> all = new ArrayList<>(rules);
        all.addAll(more);
        return of(all);
    }

    /** The programs that command patterns name literally (each gets a wrapper in the sandbox when the image has it). */
    public Set<String> programs() {
        return new TreeSet<>(commandsByProgram.keySet());
    }

    /** Evaluates one action against the pattern rules. */
    public Evaluation evaluate(Action action) {
        List<TraceEntry> hits = new ArrayList<>();
        collect(action, hits);
        return hits.isEmpty() ? Evaluation.NONE : Evaluation.of(hits);
    }

    /** Evaluates several actions as one (a command line's simple commands): the strictest decides, every match is traced. */
    public Evaluation evaluate(List<? extends Action> actions) {
        List<TraceEntry> hits = new ArrayList<>();
        for (Action a : actions) {
            collect(a, hits);
        }
        return hits.isEmpty() ? Evaluation.NONE : Evaluation.of(hits);
    }

    private void collect(Action action, List<TraceEntry> hits) {
        if (action instanceof Action.Command) {
            Action.Command c = (Action.Command) action;
            scan(commandsByProgram.getOrDefault(c.program(), List.of()), action, hits);
            scan(commandsAnyProgram, action, hits);
        } else {
            scan(byKind.getOrDefault(action.kind(), List.of()), action, hits);
        }
    }

    private static void scan(List<ActionRule> candidates, Action action, List<TraceEntry> hits) {
        for (ActionRule r : candidates) {
            Optional<ActionPattern> p = r.match().first(action);
            if (p.isPresent()) {
                hits.add(TraceEntry.of(r, p.get().text()));
            }
        }
    }

    /**
     * The simple commands a shell line runs, as the engine's analyser sees them (wrappers such as {@code cd … &&},
     * {@code env}, {@code sh -c}, {@code sudo} peeled off).
     *
     * @throws IllegalArgumentException when the line cannot be analysed
     */
    public static List<Action.Command> commandsOf(String line) {
        List<Invocation> invocations;
        try {
            invocations = CommandAnalyzer.ofLine(line);
        } catch (ShellSyntaxException e) {
            throw new IllegalArgumentException("the command line cannot be analysed: " + e.getMessage(), e);
        }
        return commandsOf(invocations);
    }

    /** The command actions of analysed invocations (empty ones dropped). */
    public static List<Action.Command> commandsOf(List<Invocation> invocations) {
        List<Action.Command> out = new ArrayList<>();
        for (Invocation inv : invocations) {
            if (!inv.argv().isEmpty()) {
                out.add(new Action.Command(inv.argv().stream().map(Word::text).collect(Collectors.toList()), inv.env(), ""));
            }
        }
        return out;
    }

    /**
     * Runs a pattern rule's own {@link ActionRule#tests}: the failures, each naming the example and what went wrong;
     * empty when every example behaves. An example matches when it matches under any of the rule's action kinds.
     */
    public static List<String> testFailures(ActionRule rule) {
        List<String> out = new ArrayList<>();
        if (rule.match().analysed()) {
            return out;
        }
        for (String ex : rule.tests().match()) {
            Optional<Boolean> m = exampleMatches(rule, ex, out);
            if (m.isPresent() && !m.get()) {
                out.add("tests.match example \"" + ex + "\" does not match the rule");
            }
        }
        for (String ex : rule.tests().notMatch()) {
            Optional<Boolean> m = exampleMatches(rule, ex, out);
            if (m.isPresent() && m.get()) {
                out.add("tests.not_match example \"" + ex + "\" matches the rule");
            }
        }
        return out;
    }

    private static Optional<Boolean> exampleMatches(ActionRule rule, String example, List<String> problems) {
        boolean any = false;
        List<String> why = new ArrayList<>();
        for (ActionKind k : rule.match().kinds()) {
            List<? extends Action> actions;
            try {
                actions = k == ActionKind.COMMAND ? commandsOf(example) : List.of(ActionPattern.example(k, example));
            } catch (IllegalArgumentException e) {
                why.add(e.getMessage());
                continue;
            }
            any = true;
            for (Action a : actions) {
                if (rule.match().first(a).isPresent()) {
                    return Optional.of(true);
                }
            }
        }
        if (!any) {
            problems.add("example \"" + example + "\" is not an action of the rule's kinds: " + String.join("; ", why));
            return Optional.empty();
        }
        return Optional.of(false);
    }
}
