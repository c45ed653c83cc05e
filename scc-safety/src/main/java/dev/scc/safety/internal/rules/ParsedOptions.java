package dev.scc.safety.internal.rules;

import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of one git subcommand parsed like git's parse-options: bundled short flags ({@code -fdx}),
 * short options that take a value (glued or next token), long options with {@code =value} or a
 * following value, unique-prefix abbreviations of long options ({@code --mirr}), and {@code --}.
 *
 * <p>Spec syntax: long names, {@code name=} takes a value, {@code name?} takes an optional value
 * (only with {@code =}); short letters in {@code shortFlags}, value-taking ones in {@code shortValues}.
 */
final class ParsedOptions {
    final Set<String> longs = new HashSet<>();
    final Map<String, List<String>> longValues = new HashMap<>();
    final Set<Character> shorts = new HashSet<>();
    final Map<Character, String> shortValues = new HashMap<>();
    final List<String> exactTokens = new ArrayList<>();
    final List<Word> positionals = new ArrayList<>();
    final List<Word> afterDashDash = new ArrayList<>();
    /** Every option in command-line order: long ones by resolved name ({@code no-x} for a negation), short ones as {@code -x}. */
    final List<String> order = new ArrayList<>();
    boolean dashDash;
    boolean help;

    static ParsedOptions parse(List<Word> args, List<String> longSpec, String shortValueLetters) {
        ParsedOptions p = new ParsedOptions();
        Map<String, Character> kinds = new HashMap<>();
        for (String spec : longSpec) {
            char k = spec.endsWith("=") ? '=' : spec.endsWith("?") ? '?' : ' ';
            kinds.put(k == ' ' ? spec : spec.substring(0, spec.length() - 1), k);
        }
        int i = 0;
        while (i < args.size()) {
            Word w = args.get(i);
            String t = w.text();
            if (p.dashDash) {
                p.afterDashDash.add(w);
                i++;
                continue;
            }
            p.exactTokens.add(t);
            if (t.equals("--")) {
                p.dashDash = true;
                i++;
                continue;
            }
            if (t.startsWith("--")) {
                String body = t.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                String resolved = resolve(name, kinds);
                if (resolved.equals("help")) {
                    p.help = true;
                }
                p.longs.add(resolved);
                p.order.add(resolved);
                Character kind = kinds.get(resolved);
                if (eq >= 0) {
                    p.longValues.computeIfAbsent(resolved, k -> new ArrayList<>()).add(body.substring(eq + 1));
                } else if (kind != null && kind == '=' && i + 1 < args.size()) {
                    p.longValues.computeIfAbsent(resolved, k -> new ArrayList<>()).add(args.get(i + 1).text());
                    p.exactTokens.add(args.get(i + 1).text());
                    i++;
                }
                i++;
                continue;
            }
            if (t.startsWith("-") && t.length() > 1) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (c == 'h') {
                        p.help = true;
                    }
                    if (shortValueLetters.indexOf(c) >= 0) {
                        String v;
                        if (j + 1 < t.length()) {
                            v = t.substring(j + 1);
                        } else if (i + 1 < args.size()) {
                            v = args.get(i + 1).text();
                            p.exactTokens.add(v);
                            i++;
                        } else {
                            v = "";
                        }
                        p.shortValues.put(c, v);
                        p.shorts.add(c);
                        p.order.add("-" + c);
                        break;
                    }
                    p.shorts.add(c);
                    p.order.add("-" + c);
                }
                i++;
                continue;
            }
            p.positionals.add(w);
            i++;
        }
        return p;
    }

    /**
     * As git's parse-options: the exact name (or the exact {@code no-} negation of a known option), else the unique
     * known option or negation it abbreviates, else the name itself (unknown or ambiguous: git refuses to run).
     */
    private static String resolve(String name, Map<String, Character> kinds) {
        if (kinds.containsKey(name) || name.isEmpty()) {
            return name;
        }
        if (name.startsWith("no-") && kinds.containsKey(name.substring(3))) {
            return name;
        }
        String found = null;
        for (String k : kinds.keySet()) {
            for (String form : k.startsWith("no-") ? List.of(k, k.substring(3)) : List.of(k, "no-" + k)) {
                if (form.startsWith(name) && !form.equals(found)) {
                    if (found != null) {
                        return name; // ambiguous: git refuses to run
                    }
                    found = form;
                }
            }
        }
        return found == null ? name : found;
    }

    /**
     * Whether an on/off option ends up on: the last of {@code long}/{@code -short} versus {@code no-long} (and, for
     * options declared as {@code no-x}, {@code x}) wins, as in git.
     */
    boolean on(String longName, char shortName) {
        boolean on = false;
        String neg = longName.startsWith("no-") ? longName.substring(3) : "no-" + longName;
        for (String o : order) {
            if (o.equals(longName) || (shortName != 0 && o.equals("-" + shortName))) {
                on = true;
            } else if (o.equals(neg)) {
                on = false;
            }
        }
        return on;
    }

    boolean has(String longName, char shortName) {
        return longs.contains(longName) || (shortName != 0 && shorts.contains(shortName));
    }

    boolean hasLong(String longName) {
        return longs.contains(longName);
    }

    List<String> values(String longName) {
        return longValues.getOrDefault(longName, List.of());
    }

    /** Every path-like operand: positionals plus everything after {@code --}. */
    List<Word> operands() {
        List<Word> all = new ArrayList<>(positionals);
        all.addAll(afterDashDash);
        return all;
    }
}
