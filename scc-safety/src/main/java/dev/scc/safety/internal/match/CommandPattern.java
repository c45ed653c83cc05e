package dev.scc.safety.internal.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A command pattern of an action rule, matched against the analysed argv the way a reader expects:
 * <ul>
 *   <li>the first word names the program, whatever its path ({@code /usr/local/bin/terraform} is {@code terraform});</li>
 *   <li>the other plain words are the leading operands (subcommand words) in order, skipping options between them, so
 *       {@code terraform destroy} matches {@code terraform -chdir=infra destroy -auto-approve} and {@code kubectl delete}
 *       matches {@code kubectl --context prod delete ns api}; operands after the pattern's are free;</li>
 *   <li>a word starting with {@code -} must appear as an option anywhere after the program ({@code terraform apply
 *       -destroy}); followed by a value when the tool's option takes one ({@code kubectl apply --context prod*}), or
 *       written {@code --opt=value};</li>
 *   <li>{@code *} and {@code ?} glob inside a word, {@code **} stands for any remaining words.</li>
 * </ul>
 * The options of well-known tools that take a separate value ({@link #VALUE_OPTIONS}) are read with their value, so
 * the value is never taken for a subcommand word.
 */
public final class CommandPattern {
    /** Global and common options that take a separate value, per tool. */
    static final Map<String, Set<String>> VALUE_OPTIONS = Map.ofEntries(
            Map.entry("kubectl", Set.of("--context", "--namespace", "-n", "--kubeconfig", "--cluster", "--user", "-s",
                    "--server", "--as", "--as-group", "--token", "-l", "--selector", "-o", "--output", "-f", "--filename",
                    "--field-selector", "-c", "--container", "--request-timeout", "--cache-dir")),
            Map.entry("helm", Set.of("--kube-context", "--namespace", "-n", "--kubeconfig", "-f", "--values", "--set",
                    "--version", "--repo")),
            Map.entry("terraform", Set.of("-var", "-var-file", "-target", "-state", "-out")),
            Map.entry("tofu", Set.of("-var", "-var-file", "-target", "-state", "-out")),
            Map.entry("pulumi", Set.of("-C", "--cwd", "-s", "--stack")),
            Map.entry("git", Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path")),
            Map.entry("docker", Set.of("-H", "--host", "--context", "-c", "--config", "-l", "--log-level")),
            Map.entry("aws", Set.of("--profile", "--region", "--output", "--endpoint-url", "--query", "--cli-read-timeout")),
            Map.entry("gcloud", Set.of("--project", "--account", "--configuration", "--format")),
            Map.entry("az", Set.of("--subscription", "-g", "--resource-group", "-o", "--output")),
            Map.entry("npm", Set.of("--prefix", "-w", "--workspace", "--registry", "--tag", "--otp")),
            Map.entry("mvn", Set.of("-f", "--file", "-s", "--settings", "-P", "-pl", "--projects")),
            Map.entry("psql", Set.of("-h", "--host", "-U", "--username", "-d", "--dbname", "-p", "--port")),
            Map.entry("mysql", Set.of("-h", "--host", "-u", "--user", "-D", "--database", "-P", "--port")));

    private final String text;
    private final Pattern program;
    private final Optional<String> literalProgram;
    private final List<Pattern> operands;
    private final List<OptionPattern> options;

    private record OptionPattern(Pattern name, Optional<Pattern> value) {}

    private CommandPattern(String text, Pattern program, Optional<String> literalProgram, List<Pattern> operands,
            List<OptionPattern> options) {
        this.text = text;
        this.program = program;
        this.literalProgram = literalProgram;
        this.operands = List.copyOf(operands);
        this.options = List.copyOf(options);
    }

    /** Compiles a pattern; an empty pattern, or one whose first word is an option, is refused. */
    public static CommandPattern compile(String text) {
        List<String> words = List.of(text.strip().split("\\s+"));
        if (text.isBlank()) {
            throw new IllegalArgumentException("is empty; expected a program name and optional subcommand words");
        }
        String prog = words.get(0);
        if (prog.startsWith("-") || prog.equals("**")) {
            throw new IllegalArgumentException("starts with '" + prog + "'; expected a program name first");
        }
        if (prog.contains("/")) {
            throw new IllegalArgumentException("names the program by a path ('" + prog + "'); write its name only, "
                    + "any path matches");
        }
        Set<String> valueOpts = VALUE_OPTIONS.getOrDefault(prog, Set.of());
        List<Pattern> operands = new ArrayList<>();
        List<OptionPattern> options = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("**")) {
                if (i != words.size() - 1) {
                    throw new IllegalArgumentException("has '**' before its end; '**' stands for all remaining words");
                }
                break;
            }
            if (w.startsWith("-") && w.length() > 1) {
                int eq = w.indexOf('=');
                if (eq > 0) {
                    options.add(new OptionPattern(Globs.word(w.substring(0, eq)), Optional.of(Globs.word(w.substring(eq + 1)))));
                } else if (valueOpts.contains(w) && i + 1 < words.size()) {
                    options.add(new OptionPattern(Globs.word(w), Optional.of(Globs.word(words.get(++i)))));
                } else {
                    options.add(new OptionPattern(Globs.word(w), Optional.empty()));
                }
            } else {
                operands.add(Globs.word(w));
            }
        }
        return new CommandPattern(text, Globs.word(prog), Globs.isGlob(prog) ? Optional.empty() : Optional.of(prog),
                operands, options);
    }

    /** The program this pattern names literally (no glob), if it does: the key rules are indexed by. */
    public Optional<String> literalProgram() {
        return literalProgram;
    }

    /** True when {@code argv} (program as written, then its arguments) is what this pattern describes. */
    public boolean matches(List<String> argv) {
        if (argv.isEmpty()) {
            return false;
        }
        String name = basename(argv.get(0));
        if (!program.matcher(name).matches()) {
            return false;
        }
        Set<String> valueOpts = VALUE_OPTIONS.getOrDefault(name, Set.of());
        List<String> positional = new ArrayList<>();
        List<String[]> opts = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = 1; i < argv.size(); i++) {
            String w = argv.get(i);
            if (!endOfOptions && w.equals("--")) {
                endOfOptions = true;
            } else if (!endOfOptions && w.startsWith("-") && w.length() > 1) {
                int eq = w.indexOf('=');
                if (eq > 0) {
                    opts.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
                } else if (valueOpts.contains(w) && i + 1 < argv.size()) {
                    opts.add(new String[] {w, argv.get(++i)});
                } else {
                    opts.add(new String[] {w, null});
                }
            } else {
                positional.add(w);
            }
        }
        if (positional.size() < operands.size()) {
            return false;
        }
        for (int j = 0; j < operands.size(); j++) {
            if (!operands.get(j).matcher(positional.get(j)).matches()) {
                return false;
            }
        }
        for (OptionPattern op : options) {
            boolean found = false;
            for (String[] o : opts) {
                if (op.name().matcher(o[0]).matches()
                        && (op.value().isEmpty() || (o[1] != null && op.value().get().matcher(o[1]).matches()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
