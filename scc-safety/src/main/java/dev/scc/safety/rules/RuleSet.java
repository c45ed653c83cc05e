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
    private final Map<String, ActionRule> byId = new HashMap<>();
    /**
     * Command rules by the program their pattern names literally (the fallback: a wildcard program), then by the literal
     * first subcommand word of the pattern (the fallback: a glob, {@code **} or no word).
     */
    private final Map<String, Index> commandsByProgram = new HashMap<>();
    private final Index commandsAnyProgram = new Index();
    /** File rules by kind: by a literal name the glob requires, else by the extension its last name requires. */
    private final Map<ActionKind, Index> paths = new EnumMap<>(ActionKind.class);
    /** MCP rules by the server their pattern names literally. */
    private final Index mcp = new Index();
    /** Network and git push rules by kind (few, scanned in order). */
    private final Map<ActionKind, List<ActionRule>> byKind = new EnumMap<>(ActionKind.class);
    private final boolean hasPatternRules;

    private RuleSet(List<ActionRule> rules) {
        this.rules = List.copyOf(rules);
        this.hasPatternRules = this.rules.stream().anyMatch(r -> !r.match().analysed());
        for (ActionRule r : this.rules) {
            byId.putIfAbsent(r.id(), r);
            for (ActionPattern p : r.match().patterns()) {
                if (p instanceof CommandPattern) {
                    CommandPattern cp = (CommandPattern) p;
                    Optional<String> prog = cp.literalProgram();
                    Index ix = prog.isPresent() ? commandsByProgram.computeIfAbsent(prog.get(), k -> new Index()) : commandsAnyProgram;
                    ix.add(cp.literalFirstWord().orElse(null), r);
                } else if (p instanceof PathPattern) {
                    PathPattern pp = (PathPattern) p;
                    Index ix = paths.computeIfAbsent(p.kind(), k -> new Index());
                    Optional<String> name = pp.requiredName();
                    if (name.isPresent()) {
                        ix.add(name.get(), r);
                    } else {
                        ix.addSecondary(pp.requiredExtension().orElse(null), r);
                    }
                } else if (p instanceof McpPattern) {
                    mcp.add(((McpPattern) p).literalServer().orElse(null), r);
                } else {
                    List<ActionRule> bucket = byKind.computeIfAbsent(p.kind(), x -> new ArrayList<>());
                    if (bucket.isEmpty() || bucket.get(bucket.size() - 1) != r) {
                        bucket.add(r);
                    }
                }
            }
        }
    }

    /**
     * Candidate rules by a key their pattern requires of the action (a first subcommand word, a path name, a server), a second key
     * (a file extension) and a fallback list for patterns that require neither. A rule sits in one bucket per pattern
     * (once per bucket); a candidate is then matched with all its patterns ({@link Match#first}), so looking up
     * several buckets can only find a rule twice with the same result, never a different one.
     */
    private static final class Index {
        final Map<String, List<ActionRule>> primary = new HashMap<>();
        final Map<String, List<ActionRule>> secondary = new HashMap<>();
        final List<ActionRule> fallback = new ArrayList<>();

        void add(String key, ActionRule r) {
            append(key == null ? fallback : primary.computeIfAbsent(key, k -> new ArrayList<>()), r);
        }

        void addSecondary(String key, ActionRule r) {
            append(key == null ? fallback : secondary.computeIfAbsent(key, k -> new ArrayList<>()), r);
        }

        private static void append(List<ActionRule> bucket, ActionRule r) {
            if (!bucket.contains(r)) {
                bucket.add(r);
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
        return Optional.ofNullable(byId.get(id));
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
        List<TraceEntry> hits = collect(action, null);
        return hits == null ? Evaluation.NONE : Evaluation.of(hits);
    }

    /** Evaluates several actions as one (a command line's simple commands): the strictest decides, every match is traced. */
    public Evaluation evaluate(List<? extends Action> actions) {
        List<TraceEntry> hits = null;
        for (Action a : actions) {
            hits = collect(a, hits);
        }
        return hits == null ? Evaluation.NONE : Evaluation.of(hits);
    }

    /**
     * The rule that decides {@code action}: the same as {@code evaluate(action).decidingRule()}, without building the
     * trace (what the engine needs when it only gives a verdict). Allocates nothing when no enforced rule matches.
     */
    public Optional<TraceEntry> decidingRule(Action action) {
        if (action instanceof Action.Command) {
            return decidingCommandRule(((Action.Command) action).argv());
        }
        Best best = new Best();
        forCandidates(action, best);
        return best.entry();
    }

    /** {@link #decidingRule(Action)} of the command {@code argv} (program first, as invoked). */
    public Optional<TraceEntry> decidingCommandRule(List<String> argv) {
        if (argv.isEmpty() || !hasPatternRules) {
            return Optional.empty();
        }
        String name = argv.get(0);
        name = name.substring(name.lastIndexOf('/') + 1);
        String first = CommandPattern.firstPositional(name, argv);
        Best best = new Best();
        Index ix = commandsByProgram.get(name);
        if (ix != null) {
            scanCommand(ix, first, argv, best);
        }
        scanCommand(commandsAnyProgram, first, argv, best);
        return best.entry();
    }

    private static void scanCommand(Index ix, String first, List<String> argv, Best best) {
        if (first != null && !ix.primary.isEmpty()) {
            List<ActionRule> bucket = ix.primary.get(first);
            if (bucket != null) {
                best.scanCommand(bucket, argv);
            }
        }
        best.scanCommand(ix.fallback, argv);
    }

    private static void commandCandidates(Index ix, String first, Action action, Sink sink) {
        if (first != null && !ix.primary.isEmpty()) {
            List<ActionRule> bucket = ix.primary.get(first);
            if (bucket != null) {
                sink.candidates(bucket, action);
            }
        }
        sink.candidates(ix.fallback, action);
    }

    /** The strictest enforced match seen so far, by {@link Evaluation#ORDER}; allocates only for the winner. */
    private static final class Best implements Sink {
        ActionRule rule;
        ActionPattern pattern;

        void offer(ActionRule r, ActionPattern p) {
            if (r.shadow()) {
                return;
            }
            if (rule == null || better(r, p)) {
                rule = r;
                pattern = p;
            }
        }

        private boolean better(ActionRule r, ActionPattern p) {
            int c = r.decision().compareTo(rule.decision());
            if (c != 0) {
                return c > 0;
            }
            c = r.origin().layer().compareTo(rule.origin().layer());
            if (c != 0) {
                return c < 0;
            }
            c = r.id().compareTo(rule.id());
            if (c != 0) {
                return c < 0;
            }
            return p.text().compareTo(pattern.text()) < 0;
        }

        void scanCommand(List<ActionRule> candidates, List<String> argv) {
            for (int i = 0, n = candidates.size(); i < n; i++) {
                ActionRule r = candidates.get(i);
                if (r.shadow() || rule != null && r.decision().compareTo(rule.decision()) < 0) {
                    continue; // cannot decide: shadow, or less strict than a match already found
                }
                ActionPattern p = r.match().firstCommand(argv);
                if (p != null) {
                    offer(r, p);
                }
            }
        }

        @Override
        public void candidates(List<ActionRule> candidates, Action action) {
            for (int i = 0, n = candidates.size(); i < n; i++) {
                ActionRule r = candidates.get(i);
                if (r.shadow() || rule != null && r.decision().compareTo(rule.decision()) < 0) {
                    continue;
                }
                Optional<ActionPattern> p = r.match().first(action);
                if (p.isPresent()) {
                    offer(r, p.get());
                }
            }
        }

        Optional<TraceEntry> entry() {
            return rule == null ? Optional.empty() : Optional.of(TraceEntry.of(rule, pattern.text()));
        }
    }

    private List<TraceEntry> collect(Action action, List<TraceEntry> hits) {
        Collector c = new Collector(hits);
        forCandidates(action, c);
        return c.hits;
    }

    /** What to do with each candidate rule of an action. */
    private interface Sink {
        void candidates(List<ActionRule> rules, Action action);
    }

    /** Gathers every match, shadow ones included, as trace entries. */
    private static final class Collector implements Sink {
        List<TraceEntry> hits;

        Collector(List<TraceEntry> hits) {
            this.hits = hits;
        }

        @Override
        public void candidates(List<ActionRule> rules, Action action) {
            for (int i = 0, n = rules.size(); i < n; i++) {
                ActionRule r = rules.get(i);
                Optional<ActionPattern> p = r.match().first(action);
                if (p.isPresent()) {
                    if (hits == null) {
                        hits = new ArrayList<>();
                    }
                    hits.add(TraceEntry.of(r, p.get().text()));
                }
            }
        }
    }

    private void forCandidates(Action action, Sink sink) {
        if (action instanceof Action.Command) {
            Action.Command c = (Action.Command) action;
            String name = c.program();
            String first = CommandPattern.firstPositional(name, c.argv());
            Index ix = commandsByProgram.get(name);
            if (ix != null) {
                commandCandidates(ix, first, action, sink);
            }
            commandCandidates(commandsAnyProgram, first, action, sink);
        } else if (action instanceof Action.FileRead || action instanceof Action.FileWrite) {
            Index ix = paths.get(action.kind());
            if (ix == null) {
                return;
            }
            String path = action instanceof Action.FileRead ? ((Action.FileRead) action).path() : ((Action.FileWrite) action).path();
            if (!ix.primary.isEmpty()) {
                int from = 1;
                while (from < path.length()) {
                    int slash = path.indexOf('/', from);
                    int end = slash < 0 ? path.length() : slash;
                    List<ActionRule> bucket = ix.primary.get(path.substring(from, end));
                    if (bucket != null) {
                        sink.candidates(bucket, action);
                    }
                    from = end + 1;
                }
            }
            if (!ix.secondary.isEmpty()) {
                int dot = path.lastIndexOf('.');
                if (dot > path.lastIndexOf('/')) {
                    List<ActionRule> bucket = ix.secondary.get(path.substring(dot + 1));
                    if (bucket != null) {
                        sink.candidates(bucket, action);
                    }
                }
            }
            sink.candidates(ix.fallback, action);
        } else if (action instanceof Action.McpCall) {
            List<ActionRule> bucket = mcp.primary.get(((Action.McpCall) action).server());
            if (bucket != null) {
                sink.candidates(bucket, action);
            }
            sink.candidates(mcp.fallback, action);
        } else {
            sink.candidates(byKind.getOrDefault(action.kind(), List.of()), action);
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
