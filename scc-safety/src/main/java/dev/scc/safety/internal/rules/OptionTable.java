package dev.scc.safety.internal.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One tool's option grammar, as its own parser reads it: long names with their arity, short letters mapped to
 * long names, unique-prefix abbreviation of long names (curl 7.88, GNU getopt_long and git's parse-options
 * all accept {@code --vers} for {@code --version}; an exact name beats a longer one it is a prefix of), and the
 * {@code --no-NAME} negation of a boolean option. The tables of curl and wget were taken from the pinned
 * tools themselves ({@code curl --help all}, {@code wget --help}, each name probed for "requires parameter")
 * and are held to the real tools by {@code NetworkDifferentialIT}.
 */
final class OptionTable {
    /** How a long option takes its value. */
    enum Arity { NONE, REQUIRED }

    /** A long option as resolved from what was typed: its canonical name, arity, and whether it was negated. */
    record Resolved(String name, Arity arity, boolean negated) {}

    private final TreeMap<String, Arity> longs = new TreeMap<>();
    private final Map<Character, String> shorts = new HashMap<>();
    private final boolean negation;

    /**
     * @param values long options that take a value
     * @param flags long options that take none
     * @param shortToLong pairs "x long-name" for each short letter
     * @param negation whether {@code --no-NAME} negates a flag NAME
     */
    OptionTable(List<String> values, List<String> flags, List<String> shortToLong, boolean negation) {
        values.forEach(v -> longs.put(v, Arity.REQUIRED));
        flags.forEach(f -> longs.put(f, Arity.NONE));
        for (String s : shortToLong) {
            shorts.put(s.charAt(0), s.substring(2));
        }
        this.negation = negation;
    }

    /** The option a typed long name (without dashes or {@code =value}) means; empty when unknown or ambiguous (the tool refuses it). */
    Optional<Resolved> resolve(String typed) {
        Optional<String> direct = lookup(typed);
        if (direct.isPresent()) {
            return Optional.of(new Resolved(direct.get(), longs.get(direct.get()), false));
        }
        if (negation && typed.startsWith("no-")) {
            Optional<String> base = lookup(typed.substring(3));
            if (base.isPresent() && longs.get(base.get()) == Arity.NONE) {
                return Optional.of(new Resolved(base.get(), Arity.NONE, true));
            }
        }
        return Optional.empty();
    }

    private Optional<String> lookup(String typed) {
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        if (longs.containsKey(typed)) {
            return Optional.of(typed);
        }
        String first = longs.ceilingKey(typed);
        if (first == null || !first.startsWith(typed)) {
            return Optional.empty();
        }
        String next = longs.higherKey(first);
        if (next != null && next.startsWith(typed)) {
            return Optional.empty(); // ambiguous
        }
        return Optional.of(first);
    }

    /** The long name of a short letter, empty if the tool has no such letter. */
    Optional<String> shortName(char c) {
        return Optional.ofNullable(shorts.get(c));
    }

    Arity arity(String longName) {
        return longs.getOrDefault(longName, Arity.NONE);
    }
}
