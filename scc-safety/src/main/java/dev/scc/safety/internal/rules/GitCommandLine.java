package dev.scc.safety.internal.rules;

import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A git argv split into its global options and its subcommand, the way git's own {@code handle_options}
 * reads it: every global option is skipped (also {@code --no-pager}, {@code -P}, glued {@code -C<dir>} and
 * {@code -c<k=v>}), and {@code -c key=value} pairs are kept so inline aliases can be resolved.
 */
public record GitCommandLine(
        List<Word> globals, Map<String, Optional<String>> config, boolean globalHelp, Optional<Word> subcommand, List<Word> args) {

    private static final Set<String> GLOBAL_WITH_VALUE =
            Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--attr-source", "--super-prefix");

    public GitCommandLine {
        globals = List.copyOf(globals);
        config = Map.copyOf(config);
        args = List.copyOf(args);
    }

    /** Splits {@code argv} (argv[0] is the git binary). Config values set from the environment ({@code --config-env}) are empty. */
    public static GitCommandLine parse(List<Word> argv) {
        List<Word> globals = new ArrayList<>();
        Map<String, Optional<String>> config = new LinkedHashMap<>();
        boolean help = false;
        int i = 1;
        while (i < argv.size()) {
            Word w = argv.get(i);
            String t = w.text();
            if (!t.startsWith("-") || t.equals("-") || t.equals("--")) {
                break;
            }
            globals.add(w);
            if (GLOBAL_WITH_VALUE.contains(t)) {
                if (i + 1 < argv.size()) {
                    Word v = argv.get(i + 1);
                    globals.add(v);
                    if (t.equals("-c")) {
                        putConfig(config, v.text(), v.dynamic());
                    } else if (t.equals("--config-env")) {
                        putConfigEnv(config, v.text());
                    }
                }
                i += 2;
                continue;
            }
            if (t.startsWith("-c") && !t.startsWith("--")) {
                putConfig(config, t.substring(2), w.dynamic());
            } else if (t.startsWith("--config-env=")) {
                putConfigEnv(config, t.substring("--config-env=".length()));
            } else if (t.equals("-h") || t.equals("--help") || t.equals("--version") || t.equals("-v")) {
                help = true;
            }
            i++;
        }
        Optional<Word> sub = i < argv.size() ? Optional.of(argv.get(i)) : Optional.empty();
        List<Word> args = i + 1 <= argv.size() ? argv.subList(Math.min(i + 1, argv.size()), argv.size()) : List.of();
        return new GitCommandLine(globals, config, help, sub, args);
    }

    private static void putConfig(Map<String, Optional<String>> config, String kv, boolean dynamic) {
        int eq = kv.indexOf('=');
        String key = (eq < 0 ? kv : kv.substring(0, eq)).toLowerCase(Locale.ROOT);
        config.put(key, dynamic ? Optional.empty() : Optional.of(eq < 0 ? "true" : kv.substring(eq + 1)));
    }

    private static void putConfigEnv(Map<String, Optional<String>> config, String spec) {
        int eq = spec.lastIndexOf('=');
        String key = (eq < 0 ? spec : spec.substring(0, eq)).toLowerCase(Locale.ROOT);
        config.put(key, Optional.empty());
    }

    /** The value of an inline {@code -c alias.<name>=…}: absent if none, {@code Optional.empty()} inside if it is set from the environment. */
    public Optional<Optional<String>> alias(String name) {
        String key = "alias." + name.toLowerCase(Locale.ROOT);
        return config.containsKey(key) ? Optional.of(config.get(key)) : Optional.empty();
    }
}
