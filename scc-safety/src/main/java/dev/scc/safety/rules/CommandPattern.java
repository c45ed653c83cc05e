package dev.scc.safety.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command pattern of the action policy, matched against the analysed argv of one simple command.
 *
 * <p>Grammar (words separated by spaces): {@code PROGRAM WORD… OPTION…}
 * <ul>
 *   <li>{@code PROGRAM} matches the program by name whatever its path ({@code terraform} matches
 *       {@code /usr/local/bin/terraform}); it may hold {@code *} but no {@code /}.</li>
 *   <li>each {@code WORD} (not starting with {@code -}) matches the next subcommand word, in order; option words may
 *       stand between them (the global options of well-known tools skip their value too: {@code kubectl --context
 *       prod delete}, {@code git -C repo push}, {@code terraform -chdir=infra destroy}); {@code **} stands for any
 *       number of words (also none). Words after the last pattern word are allowed: {@code kubectl delete} matches
 *       {@code kubectl delete ns api}.</li>
 *   <li>each {@code OPTION} (starting with {@code -}) must appear somewhere after the program, in any order: as the
 *       same word, or as {@code OPTION=value}. A word after an option in the pattern is that option's value: {@code
 *       --context prod*} matches {@code --context prod-eu} and {@code --context=prod-eu}.</li>
 *   <li>{@code *} inside any word stands for any run of characters.</li>
 * </ul>
 * Immutable and thread-safe; {@link #matches} never throws.
 */
public final class CommandPattern extends PatternText implements ActionPattern {
    private final String program;
    private final List<String> words;
    private final List<String[]> options;
    private final boolean anyWords;

    private CommandPattern(String text, String program, List<String> words, List<String[]> options) {
        super(ActionKind.COMMAND, text);
        this.program = program;
        this.words = List.copyOf(words);
        this.options = List.copyOf(options);
        this.anyWords = this.words.contains("**");
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException naming what is wrong when the text is not a pattern, or is one that can never
     *     match (a program with a path, an option as the program, a positional word after the options)
     */
    public static CommandPattern parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (text.isBlank()) {
            throw new IllegalArgumentException("the command pattern is empty");
        }
        String program = parts[0];
        if (program.equals("**") || program.startsWith("-")) {
            throw new IllegalArgumentException("the command pattern \"" + text + "\" must start with a program name, not \""
                    + program + "\"");
        }
        if (program.contains("/")) {
            throw new IllegalArgumentException("the command pattern \"" + text + "\" can never match: programs are matched by"
                    + " name whatever their path, so write \"" + program.substring(program.lastIndexOf('/') + 1) + "\"");
        }
        List<String> words = new ArrayList<>();
        List<String[]> options = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("-") && p.length() > 1) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    options.add(new String[] {p.substring(0, eq), p.substring(eq + 1)});
                } else if (i + 1 < parts.length && !parts[i + 1].startsWith("-") && !parts[i + 1].equals("**")) {
                    options.add(new String[] {p, parts[++i]});
                } else {
                    options.add(new String[] {p, null});
                }
            } else if (!options.isEmpty()) {
                throw new IllegalArgumentException("the command pattern \"" + text + "\" can never match as meant: \"" + p
                        + "\" follows the options and is not an option's value; put subcommand words before options");
            } else {
                String w = p.contains("**") && !p.equals("**") ? p.replace("**", "*") : p;
                if (!(w.equals("**") && !words.isEmpty() && words.get(words.size() - 1).equals("**"))) {
                    words.add(w);
                }
            }
        }
        while (!words.isEmpty() && words.get(words.size() - 1).equals("**")) {
            words.remove(words.size() - 1); // trailing ** is what a prefix match means anyway
        }
        return new CommandPattern(text.strip(), program, words, options);
    }

    /** The program name (may hold {@code *}). */
    public String program() {
        return program;
    }

    /** The program this pattern names when it has no {@code *}: a wrapper for it makes the rule enforceable. */
    public Optional<String> literalProgram() {
        return program.contains("*") ? Optional.empty() : Optional.of(program);
    }

    /**
     * The subcommand word every matching argv has as its first positional word ({@link #firstPositional}) when this
     * pattern's first word is literal (no {@code *}, not {@code **}); the rule set indexes command rules by it.
     */
    public Optional<String> literalFirstWord() {
        return words.isEmpty() || words.get(0).indexOf('*') >= 0 ? Optional.empty() : Optional.of(words.get(0));
    }

    /**
     * The first positional word of {@code argv} after the program {@code name} (its basename), options and the values
     * of known global options skipped, as matching sees it; null when there is none.
     */
    public static String firstPositional(String name, List<String> argv) {
        int at = skipOptions(name, argv, 1);
        return at < argv.size() ? argv.get(at) : null;
    }

    @Override
    public boolean matches(Action action) {
        return action instanceof Action.Command && matches(((Action.Command) action).argv());
    }

    /** True when {@code argv} (program first) matches. */
    public boolean matches(List<String> argv) {
        if (argv.isEmpty()) {
            return false;
        }
        String name = argv.get(0);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (!WordGlob.matches(program, name)) {
            return false;
        }
        return words(name, argv) && options(argv);
    }

    /**
     * The subcommand words, as a set of reachable argv positions advanced word by word: linear in the argv for each
     * pattern word, so {@code **} cannot make matching slow.
     */
    private boolean words(String prog, List<String> argv) {
        int n = argv.size();
        if (!anyWords) {
            // no **: at most one reachable position at a time
            int pos = 1;
            for (String w : words) {
                int at = skipOptions(prog, argv, pos);
                if (at >= n || !WordGlob.matches(w, argv.get(at))) {
                    return false;
                }
                pos = at + 1;
            }
            return true;
        }
        boolean[] cur = new boolean[n + 1];
        cur[1 > n ? n : 1] = true;
        for (String w : words) {
            boolean[] next = new boolean[n + 1];
            boolean any = false;
            if (w.equals("**")) {
                int from = 0;
                while (from <= n && !cur[from]) {
                    from++;
                }
                for (int k = from; k <= n; k++) {
                    next[k] = true;
                    any = true;
                }
            } else {
                for (int ai = 0; ai < n; ai++) {
                    if (!cur[ai]) {
                        continue;
                    }
                    int at = skipOptions(prog, argv, ai);
                    if (at < n && WordGlob.matches(w, argv.get(at))) {
                        next[at + 1] = true;
                        any = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
            cur = next;
        }
        return true;
    }

    /** The position of the next positional word from {@code ai}: option words (and known options' values) skipped. */
    private static int skipOptions(String prog, List<String> argv, int ai) {
        while (ai < argv.size()) {
            String a = argv.get(ai);
            if (a.equals("--")) {
                return ai + 1;
            }
            if (a.startsWith("-") && a.length() > 1) {
                ai += (a.indexOf('=') < 0 && GlobalOptions.takesValue(prog, a)) ? 2 : 1;
            } else {
                return ai;
            }
        }
        return ai;
    }

    private boolean options(List<String> argv) {
        for (String[] o : options) {
            if (!option(o[0], o[1], argv)) {
                return false;
            }
        }
        return true;
    }

    private static boolean option(String name, String value, List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                return false;
            }
            int eq = a.indexOf('=');
            if (a.startsWith("-") && eq > 0) {
                if (WordGlob.matches(name, a.substring(0, eq)) && (value == null || WordGlob.matches(value, a.substring(eq + 1)))) {
                    return true;
                }
            } else if (WordGlob.matches(name, a)) {
                if (value == null || (i + 1 < argv.size() && WordGlob.matches(value, argv.get(i + 1)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
