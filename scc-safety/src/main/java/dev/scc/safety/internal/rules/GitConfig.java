package dev.scc.safety.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The configuration a git command gets from outside its config files: {@code GIT_CONFIG_PARAMETERS} (what
 * {@code -c} exports to git's children), {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_n}/{@code GIT_CONFIG_VALUE_n},
 * and the command's own {@code -c key=value} and {@code --config-env key=VAR}, in that order (later wins for a
 * single-valued key; multi-valued keys such as {@code remote.x.push} keep every value). A value that is not
 * known before the command runs is empty, and every check treats it as the worst value.
 */
final class GitConfig {
    private record Entry(String key, Optional<String> value) {}

    private static final Pattern PARAM = Pattern.compile("'((?:[^'\\\\]|'\\\\''|\\\\.)*)'(?:=('((?:[^'\\\\]|'\\\\''|\\\\.)*)'|\\S*))?");

    private final List<Entry> entries = new ArrayList<>();
    private boolean unknownFiles;

    static GitConfig of(GitCommandLine line, ToolEnv env) {
        GitConfig c = new GitConfig();
        env.get("GIT_CONFIG_PARAMETERS").ifPresent(c::parameters);
        env.get("GIT_CONFIG_COUNT").ifPresent(n -> {
            int count;
            try {
                count = Integer.parseInt(n.trim());
            } catch (NumberFormatException e) {
                return; // git refuses to run
            }
            for (int i = 0; i < Math.min(count, 10_000); i++) {
                Optional<String> k = env.get("GIT_CONFIG_KEY_" + i);
                if (k.isEmpty()) {
                    return; // git refuses to run
                }
                c.add(k.get(), env.get("GIT_CONFIG_VALUE_" + i).or(() -> Optional.of("")));
            }
        });
        for (String file : List.of("GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG")) {
            env.get(file).filter(v -> !v.isEmpty() && !v.equals("/dev/null")).ifPresent(v -> c.unknownFiles = true);
        }
        line.config().forEach(c::add);
        return c;
    }

    /** {@code 'key'='value' 'key2'} as git quotes it (sq_quote: {@code '} inside becomes {@code '\''}). */
    private void parameters(String text) {
        var m = PARAM.matcher(text);
        while (m.find()) {
            String key = unquote(m.group(1));
            String value = m.group(3) != null ? unquote(m.group(3)) : m.group(2) != null && !m.group(2).isEmpty() ? null : "true";
            add(key, value == null ? Optional.empty() : Optional.of(value));
        }
        if (!text.isBlank() && !PARAM.matcher(text).find()) {
            add("?", Optional.empty());
        }
    }

    private static String unquote(String s) {
        return s.replace("'\\''", "'");
    }

    private void add(String rawKey, Optional<String> value) {
        String key = rawKey;
        int eq = key.indexOf('=');
        if (eq >= 0) {
            value = Optional.of(key.substring(eq + 1));
            key = key.substring(0, eq);
        }
        entries.add(new Entry(normalise(key), value));
    }

    /** Keys compared case-insensitively (also the subsection: the rules match remote.*.push for any remote). */
    static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    /** Whether configuration files named by the environment (unknown contents) apply. */
    boolean unknownFiles() {
        return unknownFiles;
    }

    /** Whether any value of a key matching {@code keyPattern} (on normalised keys) satisfies {@code bad}; an unknown value does. */
    boolean any(Pattern keyPattern, Predicate<String> bad) {
        for (Entry e : entries) {
            if (keyPattern.matcher(e.key()).matches() && e.value().map(bad::test).orElse(true)) {
                return true;
            }
        }
        return false;
    }

    /** The last value of {@code key} (normalised), if set; an unknown value is {@code Optional.of(Optional.empty())}. */
    Optional<Optional<String>> last(String key) {
        Optional<Optional<String>> found = Optional.empty();
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                found = Optional.of(e.value());
            }
        }
        return found;
    }

    /** Every value (unknown ones empty) of keys matching {@code keyPattern}. */
    List<Optional<String>> values(Pattern keyPattern) {
        List<Optional<String>> out = new ArrayList<>();
        for (Entry e : entries) {
            if (keyPattern.matcher(e.key()).matches()) {
                out.add(e.value());
            }
        }
        return out;
    }
}
