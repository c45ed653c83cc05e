package dev.scc.safety.internal.analysis;

import dev.scc.safety.internal.rules.GitCommandLine;
import dev.scc.safety.internal.rules.GitCommands;
import dev.scc.safety.internal.shell.AnalysisBudget;
import dev.scc.safety.internal.shell.ShellParser;
import dev.scc.safety.internal.shell.ShellSyntaxException;
import dev.scc.safety.internal.shell.SimpleCommand;
import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a command line (or an exact argv) into the commands that would run: leading assignments and
 * wrapper commands ({@code sudo, doas, env, command, exec, nohup, time, nice, timeout, xargs, builtin,
 * stdbuf, busybox}) are peeled off; {@code sh|bash|… -c}, {@code eval} of literal text, {@code su -c},
 * {@code watch}, {@code env -S}, {@code find -exec}, shells fed a here-document or here-string, and inline git
 * aliases ({@code git -c alias.x=…}, {@code git config alias.x …}) are analysed recursively. Throws
 * {@link ShellSyntaxException} when something must be refused (bad syntax, too deep).
 */
public final class CommandAnalyzer {
    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "yash", "posh", "rbash");

    private CommandAnalyzer() {}

    /** The invocations of a shell command line. */
    public static List<Invocation> ofLine(String line) {
        return AnalysisBudget.within(line.length(), () -> {
            List<Invocation> out = new ArrayList<>();
            script(line, 0, "", out);
            return out;
        });
    }

    /** The invocations of an exact argv (as a wrapper receives it: no shell parsing of the arguments). */
    public static List<Invocation> ofArgv(List<String> argv) {
        return ofArgv(argv, Optional.empty());
    }

    /**
     * As {@link #ofArgv(List)}, for a git argv whose subcommand is an alias that git itself resolved
     * (from any config file) to {@code resolvedAlias}.
     */
    public static List<Invocation> ofArgv(List<String> argv, Optional<String> resolvedAlias) {
        long size = resolvedAlias.map(String::length).orElse(0);
        for (String a : argv) {
            size += a.length() + 1;
        }
        return AnalysisBudget.within(size, () -> argvWithinBudget(argv, resolvedAlias));
    }

    private static List<Invocation> argvWithinBudget(List<String> argv, Optional<String> resolvedAlias) {
        List<Word> words = new ArrayList<>();
        for (String a : argv) {
            words.add(Word.literal(a));
        }
        List<Invocation> out = new ArrayList<>();
        if (resolvedAlias.isPresent() && !words.isEmpty() && basename(words.get(0).text()).equals("git")) {
            GitCommandLine line = GitCommandLine.parse(words);
            if (line.subcommand().isPresent()) {
                expandAlias(words, line, resolvedAlias.get(), 0, "git alias " + line.subcommand().get().text(), out);
                return out;
            }
        }
        unwrap(words, Optional.empty(), Optional.empty(), 0, "", out);
        return out;
    }

    private static void script(String text, int depth, String via, List<Invocation> out) {
        check(depth);
        for (SimpleCommand c : ShellParser.parse(text, depth)) {
            unwrap(c.words(), c.stdinText(), c.pipedFrom(), depth, via, out);
        }
    }

    private static void check(int depth) {
        if (depth > ShellParser.MAX_DEPTH) {
            throw new ShellSyntaxException("nested more than " + ShellParser.MAX_DEPTH + " levels deep");
        }
    }

    private static void assign(Word w, java.util.Map<String, String> assigned) {
        String t = w.text();
        int eq = t.indexOf('=');
        String name = t.substring(0, t.charAt(eq - 1) == '+' ? eq - 1 : eq);
        assigned.put(name, w.dynamic() ? "$" + t.substring(eq + 1) : t.substring(eq + 1));
    }

    /**
     * Whether a literal word is a pathname pattern that starts like an option ({@code -*}, {@code --f?rce}): it expands
     * to whatever file names match, and a file can be named {@code --force}.
     */
    public static boolean optionPattern(Word w) {
        return Expansions.isGlob(w) && w.text().startsWith("-");
    }

    /** {@code NAME=value} or {@code NAME+=value} (bash's assignment word). */
    static boolean isAssignment(String t) {
        int n = t.length();
        if (n < 2 || !(Character.isLetter(t.charAt(0)) && t.charAt(0) < 128 || t.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = t.charAt(i);
            if (c == '=' || (c == '+' && i + 1 < n && t.charAt(i + 1) == '=')) {
                return true;
            }
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return false;
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    private static void unwrap(List<Word> words, Optional<String> stdin, Optional<SimpleCommand> piped, int depth, String via,
            List<Invocation> out) {
        check(depth);
        words = Expansions.braces(words);
        if (!words.isEmpty()) {
            int h = 0;
            while (h < words.size() && isAssignment(words.get(h).text())) {
                h++;
            }
            if (h < words.size() && Expansions.isGlob(words.get(h))) {
                // a command name that is a pattern runs whatever file matches it: judge it as every tool it could name
                List<String> matches = Expansions.toolsMatching(words.get(h).text());
                for (String tool : matches) {
                    List<Word> as = new ArrayList<>(words);
                    as.set(h, Word.literal(tool));
                    unwrap(as, stdin, piped, depth + 1, via.isEmpty() ? "glob " + words.get(h).text() : via, out);
                }
                if (!matches.isEmpty()) {
                    return;
                }
            }
        }
        int i = 0;
        java.util.Map<String, String> assigned = new java.util.HashMap<>();
        while (true) {
            // NAME=value, also with a quoted value (NAME='a b'); a fully quoted "A=b" is a command name to bash, and
            // reading it as an assignment only judges the words after it as the command (the stricter reading)
            while (i < words.size() && isAssignment(words.get(i).text())) {
                assign(words.get(i), assigned);
                i++;
            }
            if (i >= words.size()) {
                return;
            }
            Word head = words.get(i);
            if (head.dynamic()) {
                out.add(new Invocation(words.subList(i, words.size()), via, assigned));
                return;
            }
            String name = basename(head.text());
            int next;
            switch (name) {
                case "env": {
                    int j = i + 1;
                    while (j < words.size()) {
                        String t = words.get(j).text();
                        if (t.equals("--")) {
                            j++;
                            break;
                        }
                        if (t.equals("-S") || t.equals("--split-string") || t.startsWith("--split-string=")
                                || (t.startsWith("-S") && !t.startsWith("--"))) {
                            String s;
                            int after;
                            if (t.equals("-S") || t.equals("--split-string")) {
                                s = j + 1 < words.size() ? words.get(j + 1).text() : "";
                                after = j + 2;
                            } else {
                                s = t.startsWith("--") ? t.substring(t.indexOf('=') + 1) : t.substring(2);
                                after = j + 1;
                            }
                            List<Word> rebuilt = new ArrayList<>();
                            for (SimpleCommand c : ShellParser.parse(s, depth + 1)) {
                                rebuilt.addAll(c.words());
                            }
                            rebuilt.addAll(words.subList(Math.min(after, words.size()), words.size()));
                            unwrap(rebuilt, stdin, piped, depth + 1, via, out);
                            return;
                        }
                        if (t.equals("--unset") || t.equals("--chdir")) {
                            j += 2;
                            continue;
                        }
                        if (t.startsWith("-") && !t.startsWith("--") && t.length() > 1) {
                            // a cluster such as -iu VAR or -C/tmp: u and C take the rest of the word or the next word
                            int used = 1;
                            for (int k = 1; k < t.length(); k++) {
                                char ch = t.charAt(k);
                                if (ch == 'S') {
                                    String s = k + 1 < t.length() ? t.substring(k + 1) : j + 1 < words.size() ? words.get(j + 1).text() : "";
                                    int after = k + 1 < t.length() ? j + 1 : j + 2;
                                    List<Word> rebuilt = new ArrayList<>();
                                    for (SimpleCommand c : ShellParser.parse(s, depth + 1)) {
                                        rebuilt.addAll(c.words());
                                    }
                                    rebuilt.addAll(words.subList(Math.min(after, words.size()), words.size()));
                                    unwrap(rebuilt, stdin, piped, depth + 1, via, out);
                                    return;
                                }
                                if (ch == 'u' || ch == 'C' || ch == 'P') {
                                    used = k + 1 < t.length() ? 1 : 2;
                                    break;
                                }
                            }
                            j += used;
                            continue;
                        }
                        if (t.startsWith("-") || isAssignment(t)) {
                            if (!t.startsWith("-")) {
                                assign(words.get(j), assigned);
                            }
                            j++;
                            continue;
                        }
                        break;
                    }
                    next = j;
                    break;
                }
                case "command": {
                    int j = i + 1;
                    while (j < words.size() && words.get(j).text().startsWith("-")) {
                        String t = words.get(j).text();
                        if (t.equals("--")) {
                            j++;
                            break;
                        }
                        if (t.contains("v") || t.contains("V")) {
                            return; // command -v/-V only looks the name up
                        }
                        j++;
                    }
                    next = j;
                    break;
                }
                case "flock": {
                    int j = i + 1;
                    while (j < words.size()) {
                        String t = words.get(j).text();
                        if (t.equals("--")) {
                            j++;
                            break;
                        }
                        if (!t.startsWith("-") || t.equals("-")) {
                            break;
                        }
                        if (t.equals("-c") || t.equals("--command")) {
                            if (j + 1 < words.size()) {
                                inline(words.get(j + 1), depth, via.isEmpty() ? "flock -c" : via, out);
                            }
                            return;
                        }
                        if (t.startsWith("--command=")) {
                            inline(Word.literal(t.substring("--command=".length())), depth, via.isEmpty() ? "flock -c" : via, out);
                            return;
                        }
                        boolean value = !t.startsWith("--") && (t.endsWith("w") || t.endsWith("E"))
                                || t.equals("--timeout") || t.equals("--wait") || t.equals("--conflict-exit-code");
                        j += value ? 2 : 1;
                    }
                    // the lock file, then the command (or -c TEXT after the file)
                    if (j + 2 < words.size() + 1 && j + 1 < words.size()
                            && (words.get(j + 1).text().equals("-c") || words.get(j + 1).text().equals("--command"))) {
                        if (j + 2 < words.size()) {
                            inline(words.get(j + 2), depth, via.isEmpty() ? "flock -c" : via, out);
                        }
                        return;
                    }
                    next = j + 1;
                    break;
                }
                case "script": {
                    for (int j = i + 1; j < words.size(); j++) {
                        String t = words.get(j).text();
                        if (t.equals("--")) {
                            break;
                        }
                        Word text = commandText(words, j, Set.of("--command"), "aefqk");
                        if (text != null) {
                            inline(text, depth, via.isEmpty() ? "script -c" : via, out);
                        }
                    }
                    return;
                }
                case "trap": {
                    int j = i + 1;
                    if (j < words.size() && words.get(j).text().equals("--")) {
                        j++;
                    }
                    if (j < words.size() && !words.get(j).text().startsWith("-")) {
                        inline(words.get(j), depth, via.isEmpty() ? "trap" : via, out);
                    }
                    return;
                }
                case "parallel":
                    parallel(words.subList(i, words.size()), depth, via, out);
                    return;
                case "nohup":
                case "builtin":
                case "busybox":
                case "coproc":
                    next = i + 1 < words.size() && words.get(i + 1).text().equals("--") ? i + 2 : i + 1;
                    break;
                case "xargs":
                    next = skipOptions(words, i + 1, "adEILnPs", Set.of("arg-file", "delimiter", "eof", "replace", "max-lines",
                            "max-args", "max-procs", "max-chars", "process-slot-var"));
                    if (next >= words.size()) {
                        return; // xargs alone runs echo
                    }
                    break;
                case "eval": {
                    List<Word> rest = words.subList(i + 1, words.size());
                    if (rest.stream().anyMatch(Word::dynamic)) {
                        return; // eval of run-time text: judged at exec time by the wrappers
                    }
                    StringBuilder sb = new StringBuilder();
                    for (Word w : rest) {
                        sb.append(w.text()).append(' ');
                    }
                    script(sb.toString(), depth + 1, via.isEmpty() ? "eval" : via, out);
                    return;
                }
                case "runuser":
                case "su": {
                    if (name.equals("runuser")) {
                        // runuser -u USER [--] COMMAND ARGS runs the command directly
                        int j = skipOptions(words, i + 1, "ugGsw", Set.of("user", "group", "supp-group", "shell", "whitelist-environment"));
                        boolean direct = false;
                        for (int k = i + 1; k < Math.min(j, words.size()); k++) {
                            String t = words.get(k).text();
                            direct |= t.equals("-u") || t.equals("--user") || t.startsWith("--user=")
                                    || (t.startsWith("-u") && !t.startsWith("--"));
                        }
                        if (direct) {
                            next = j;
                            break;
                        }
                    }
                    for (int j = i + 1; j < words.size(); j++) {
                        Word text = commandText(words, j, Set.of("--command", "--session-command"), "lmpfP");
                        if (text != null) {
                            inline(text, depth, via.isEmpty() ? "su -c" : via, out);
                        }
                    }
                    return;
                }
                case "watch": {
                    int j = skipOptions(words, i + 1, "nq", Set.of("interval", "equexit"));
                    List<Word> rest = words.subList(Math.min(j, words.size()), words.size());
                    if (rest.isEmpty()) {
                        return;
                    }
                    StringBuilder sb = new StringBuilder();
                    for (Word w : rest) {
                        sb.append(w.text()).append(' ');
                    }
                    if (rest.stream().anyMatch(Word::dynamic)) {
                        unwrap(rest, stdin, piped, depth + 1, via, out);
                    } else {
                        script(sb.toString(), depth + 1, via.isEmpty() ? "watch" : via, out);
                    }
                    return;
                }
                case "find": {
                    for (int j = i + 1; j < words.size(); j++) {
                        String t = words.get(j).text();
                        if (t.equals("-exec") || t.equals("-execdir") || t.equals("-ok") || t.equals("-okdir")) {
                            int k = j + 1;
                            while (k < words.size() && !words.get(k).text().equals(";") && !words.get(k).text().equals("+")) {
                                k++;
                            }
                            unwrap(words.subList(j + 1, k), Optional.empty(), Optional.empty(), depth + 1,
                                    via.isEmpty() ? "find -exec" : via, out);
                            j = k;
                        }
                    }
                    out.add(new Invocation(words.subList(i, words.size()), via, assigned));
                    return;
                }
                default:
                    if (WRAPPERS.containsKey(name)) {
                        next = WRAPPERS.get(name).command(words, i);
                        if (next < 0) {
                            return; // acts on a running process: no command starts
                        }
                        break;
                    }
                    if (SHELLS.contains(name)) {
                        shell(words.subList(i, words.size()), stdin, piped, depth, via, out);
                        return;
                    }
                    if (name.equals("git")) {
                        git(words.subList(i, words.size()), depth, via, assigned, out);
                        return;
                    }
                    if (name.startsWith("git-") && GitCommands.KNOWN.contains(name.substring(4))) {
                        // a builtin in git's exec path, run by its dashed name: the same as "git <name>"
                        List<Word> asGit = new ArrayList<>();
                        asGit.add(Word.literal("git"));
                        asGit.add(Word.literal(name.substring(4)));
                        asGit.addAll(words.subList(i + 1, words.size()));
                        git(asGit, depth, via, assigned, out);
                        return;
                    }
                    out.add(new Invocation(words.subList(i, words.size()), via, assigned));
                    return;
            }
            if (next <= i) {
                next = i + 1;
            }
            i = next;
        }
    }

    /**
     * The command text of a {@code -c}-style option at {@code words[j]}: {@code --long TEXT} or {@code --long=TEXT} for
     * the names in {@code longNames}, or a short cluster of {@code flags} letters reaching {@code c} ({@code -c TEXT},
     * {@code -lc TEXT}, {@code -cTEXT}); null when the word is none of these.
     */
    private static Word commandText(List<Word> words, int j, Set<String> longNames, String flags) {
        String t = words.get(j).text();
        int eq = t.indexOf('=');
        if (t.startsWith("--") && eq > 0 && longNames.contains(t.substring(0, eq))) {
            return Word.literal(t.substring(eq + 1));
        }
        boolean takesNext = longNames.contains(t) || clusterWith(t, 'c', flags) && t.indexOf('c') == t.length() - 1;
        if (takesNext) {
            return j + 1 < words.size() ? words.get(j + 1) : null;
        }
        return clusterWith(t, 'c', flags) ? Word.literal(t.substring(t.indexOf('c') + 1)) : null;
    }

    /** {@code -xyc…}: a short-option cluster of {@code flags} letters reaching the letter {@code c}. */
    private static boolean clusterWith(String t, char c, String flags) {
        if (!t.startsWith("-") || t.startsWith("--") || t.length() < 2) {
            return false;
        }
        for (int k = 1; k < t.length(); k++) {
            char ch = t.charAt(k);
            if (ch == c) {
                return true;
            }
            if (flags.indexOf(ch) < 0) {
                return false;
            }
        }
        return false;
    }

    /**
     * The grammar of a wrapper {@code NAME [options] [operands] COMMAND}, as data: the short options that take a value,
     * the long ones that take a value, how many operands come before the command, and (when not null) the option words
     * that make it act on a running process instead (then no command starts).
     */
    private record WrapperGrammar(String shortWithValue, Set<String> longWithValue, int operands, java.util.regex.Pattern running) {
        WrapperGrammar(String shortWithValue, Set<String> longWithValue, int operands) {
            this(shortWithValue, longWithValue, operands, null);
        }

        /** The index of the wrapped command in {@code words} (the wrapper at {@code i}), or -1 when none runs. */
        int command(List<Word> words, int i) {
            int j = skipOptions(words, i + 1, shortWithValue, longWithValue);
            for (int k = i + 1; running != null && k < Math.min(j, words.size()); k++) {
                if (running.matcher(words.get(k).text()).matches()) {
                    return -1;
                }
            }
            return j + operands;
        }
    }

    /** Every wrapper whose command follows its options and operands (one scanner, {@link #skipOptions}, reads them all). */
    private static final java.util.Map<String, WrapperGrammar> WRAPPERS;

    static {
        java.util.Map<String, WrapperGrammar> w = new java.util.HashMap<>();
        WrapperGrammar sudo = new WrapperGrammar("uUgCDhpprRtT", Set.of("user", "group", "close-from", "chdir", "host", "prompt",
                "chroot", "role", "type", "command-timeout", "other-user"), 0);
        w.put("sudo", sudo);
        w.put("doas", sudo);
        w.put("exec", new WrapperGrammar("a", Set.of(), 0));
        w.put("setsid", new WrapperGrammar("", Set.of(), 0));
        w.put("unshare", new WrapperGrammar("SGRwl", Set.of("setuid", "setgid", "root", "wd", "propagation", "setgroups", "map-user",
                "map-group", "map-users", "map-groups", "load-interp"), 0));
        w.put("strace", new WrapperGrammar("abeEIoOpPsSuUX", Set.of("attach", "output", "signal", "trace", "status", "user", "env",
                "string-limit", "columns", "trace-path", "decode-fds", "quiet", "const-print-style", "summary-columns",
                "summary-sort-by", "seccomp-bpf", "kill-on-exit"), 0));
        w.put("time", new WrapperGrammar("fo", Set.of("format", "output"), 0));
        w.put("nice", new WrapperGrammar("n", Set.of("adjustment"), 0));
        w.put("ionice", new WrapperGrammar("cnpPu", Set.of("class", "classdata", "pid", "pgid", "uid"), 0));
        w.put("stdbuf", new WrapperGrammar("ioe", Set.of("input", "output", "error"), 0));
        w.put("timeout", new WrapperGrammar("sk", Set.of("signal", "kill-after"), 1)); // the duration
        w.put("chrt", new WrapperGrammar("TPD", Set.of("sched-runtime", "sched-period", "sched-deadline"), 1, // the priority
                java.util.regex.Pattern.compile("-[a-zA-Z]*p[a-zA-Z]*|--pid|-m|--max")));
        w.put("prlimit", new WrapperGrammar("po", Set.of("pid", "output"), 0, java.util.regex.Pattern.compile("-p.*|--pid.*")));
        w.put("taskset", new WrapperGrammar("", Set.of(), 1, // the CPU mask
                java.util.regex.Pattern.compile("-(?!-).*p.*|--pid")));
        w.put("chroot", new WrapperGrammar("", Set.of("userspec", "groups"), 1)); // the new root
        w.put("nsenter", new WrapperGrammar("tSGrw", Set.of("target", "setuid", "setgid", "root", "wd"), 0));
        w.put("faketime", new WrapperGrammar("", Set.of(), 1)); // the time
        WrapperGrammar tracer = new WrapperGrammar("aeEnoOpsu", Set.of("output", "log-file", "tool", "profile", "name"), 0);
        w.put("ltrace", tracer);
        w.put("valgrind", tracer);
        w.put("firejail", tracer);
        WRAPPERS = java.util.Map.copyOf(w);
    }

    /**
     * GNU parallel runs its command template through a shell once per argument given after {@code :::} (appended, or
     * put in place of {@code {}}); each is judged. Arguments read from stdin or files are run-time values: the
     * wrappers judge those commands when they start.
     */
    private static void parallel(List<Word> words, int depth, String via, List<Invocation> out) {
        int j = skipOptions(words, 1, "jSnNPIEdaCLlrxXs", Set.of("jobs", "sshlogin", "max-args", "max-replace-args", "max-procs",
                "replace", "eof", "delimiter", "arg-file", "colsep", "load", "tmpdir", "workdir", "results", "joblog", "timeout",
                "retries", "delay", "memfree", "halt", "tag-string", "tagstring", "basefile", "return", "env"));
        List<String> template = new ArrayList<>();
        int k = j;
        while (k < words.size() && !words.get(k).text().startsWith(":::")) {
            template.add(words.get(k).text());
            k++;
        }
        List<String> args = new ArrayList<>();
        for (int m = k + 1; m < words.size(); m++) {
            if (!words.get(m).text().startsWith(":::")) {
                args.add(words.get(m).text());
            }
        }
        String how = via.isEmpty() ? "parallel" : via;
        String t = String.join(" ", template);
        if (args.isEmpty()) {
            script(t, depth + 1, how, out);
            return;
        }
        for (String a : args.subList(0, Math.min(args.size(), 64))) {
            script(t.contains("{}") ? t.replace("{}", a) : t + " " + a, depth + 1, how, out);
        }
        if (args.size() > 1) {
            script(t + " " + String.join(" ", args), depth + 1, how, out); // several ::: groups combine their values
        }
    }

    /** Skips options after a wrapper; returns the index of the wrapped command. */
    private static int skipOptions(List<Word> words, int from, String shortWithValue, Set<String> longWithValue) {
        int j = from;
        while (j < words.size()) {
            String t = words.get(j).text();
            if (t.equals("--")) {
                return j + 1;
            }
            if (!t.startsWith("-") || t.equals("-")) {
                return j;
            }
            if (t.startsWith("--")) {
                String name = t.substring(2);
                j += (!name.contains("=") && longWithValue.contains(name)) ? 2 : 1;
                continue;
            }
            boolean valueNext = false;
            for (int k = 1; k < t.length(); k++) {
                if (shortWithValue.indexOf(t.charAt(k)) >= 0) {
                    valueNext = k == t.length() - 1;
                    break;
                }
                if (!Character.isLetterOrDigit(t.charAt(k))) {
                    break;
                }
            }
            j += valueNext ? 2 : 1;
        }
        return j;
    }

    private static void inline(Word text, int depth, String via, List<Invocation> out) {
        if (text.dynamic()) {
            return; // run-time text: judged at exec time by the wrappers
        }
        script(text.text(), depth + 1, via, out);
    }

    private static void shell(List<Word> words, Optional<String> stdin, Optional<SimpleCommand> piped, int depth, String via,
            List<Invocation> out) {
        boolean dashC = false;
        int j = 1;
        while (j < words.size()) {
            String t = words.get(j).text();
            if (t.equals("--") || t.equals("-")) {
                j++;
                break;
            }
            if ((t.startsWith("-") && !t.startsWith("--") && t.indexOf('n') > 0 && t.indexOf('o') < 0)
                    || (t.equals("-o") && j + 1 < words.size() && words.get(j + 1).text().equals("noexec"))) {
                return; // -n (noexec): the shell reads the commands and runs none
            }
            if (t.startsWith("--")) {
                j += (t.equals("--rcfile") || t.equals("--init-file")) ? 2 : 1;
                continue;
            }
            if ((t.startsWith("-") || t.startsWith("+")) && t.length() > 1) {
                String letters = t.substring(1);
                if (letters.indexOf('c') >= 0) {
                    dashC = true;
                }
                j += (letters.endsWith("o") || letters.endsWith("O")) ? 2 : 1;
                continue;
            }
            break;
        }
        String label = basename(words.get(0).text());
        if (dashC) {
            if (j < words.size()) {
                inline(words.get(j), depth, via.isEmpty() ? label + " -c" : via, out);
            }
            return;
        }
        if (j < words.size()) {
            return; // a script file: its contents run through the wrappers at exec time
        }
        if (stdin.isPresent()) {
            script(stdin.get(), depth + 1, via.isEmpty() ? label + " <<" : via, out);
            return;
        }
        if (piped.isPresent()) {
            List<Word> src = piped.get().words();
            if (!src.isEmpty() && !src.get(0).dynamic()) {
                String srcName = basename(src.get(0).text());
                if ((srcName.equals("echo") || srcName.equals("printf")) && src.stream().noneMatch(Word::dynamic)) {
                    String text = srcName.equals("echo") ? Printf.echo(src.subList(1, src.size()))
                            : Printf.printf(src.subList(1, src.size()));
                    script(text, depth + 1, via.isEmpty() ? srcName + " | " + label : via, out);
                }
            }
        }
    }

    private static void git(List<Word> words, int depth, String via, java.util.Map<String, String> assigned, List<Invocation> out) {
        GitCommandLine line = GitCommandLine.parse(words);
        if (line.subcommand().isPresent() && !line.globalHelp()) {
            Word sub = line.subcommand().get();
            Optional<Optional<String>> alias = line.alias(sub.text());
            if (alias.isPresent()) {
                String how = "git alias " + sub.text();
                if (alias.get().isEmpty()) {
                    // value from the environment: unknown, so the alias is refused as if it were a force push
                    List<Word> unknown = new ArrayList<>(words.subList(0, 1));
                    unknown.addAll(line.globals());
                    unknown.add(new Word("$alias", true, false));
                    unknown.addAll(line.args());
                    out.add(new Invocation(unknown, how));
                    return;
                }
                expandAlias(words, line, alias.get().get(), depth, how, out);
                return;
            }
            if (sub.text().equals("config")) {
                aliasDefinition(words.get(0), line.args(), depth, out);
            }
            commandsGitRuns(line, depth, out);
        }
        out.add(new Invocation(words, via, assigned));
    }

    /** Config keys whose value is a command git runs through the shell. */
    private static final java.util.regex.Pattern COMMAND_KEYS = java.util.regex.Pattern.compile(
            "core\\.(sshcommand|pager|editor|fsmonitor|askpass)|sequence\\.editor|diff\\.external|pager\\..*|gpg\\.program"
            + "|gpg\\..*\\.program|remote\\..*\\.(receivepack|uploadpack)|(merge|filter|diff|difftool|mergetool)\\..*\\."
            + "(driver|clean|smudge|process|textconv|command|cmd)|credential\\.helper|credential\\..*\\.helper|core\\.hookspath");

    /**
     * The commands git itself starts from what is written on its command line: {@code -c} values that are commands
     * (ssh command, pager, editor, fsmonitor, drivers, upload/receive-pack, credential helpers with {@code !}),
     * {@code rebase -x}, {@code submodule foreach}, {@code bisect run}, {@code difftool -x}, {@code --upload-pack},
     * {@code --receive-pack}, {@code --exec} and {@code ext::} transports. Each is judged as the shell text it is; the
     * children also meet the wrappers (git's exec path is wrapped), this only refuses earlier and with a reason.
     */
    private static void commandsGitRuns(GitCommandLine line, int depth, List<Invocation> out) {
        String sub = line.subcommand().map(Word::text).orElse("");
        String how = "a command git " + sub + " runs";
        for (var e : line.config().entrySet()) {
            if (COMMAND_KEYS.matcher(e.getKey()).matches() && e.getValue().isPresent()) {
                String v = e.getValue().get();
                if (e.getKey().startsWith("credential") && !v.startsWith("!")) {
                    continue; // a helper name: git runs git-credential-NAME from its exec path
                }
                if (e.getKey().equals("core.hookspath")) {
                    continue; // a directory; the hooks in it meet the wrappers
                }
                script(v.startsWith("!") ? v.substring(1) : v, depth + 1, "git -c " + e.getKey(), out);
            }
        }
        List<Word> args = line.args();
        for (int k = 0; k < args.size(); k++) {
            Word w = args.get(k);
            String t = w.text();
            if (w.dynamic() || !(t.startsWith("-") || t.startsWith("ext::"))) {
                continue;
            }
            String value = null;
            for (String opt : List.of("--exec", "--receive-pack", "--upload-pack", "--extcmd")) {
                if (t.startsWith(opt + "=")) {
                    value = t.substring(opt.length() + 1);
                } else if (t.equals(opt) && k + 1 < args.size()) {
                    value = args.get(++k).text();
                }
            }
            if (value == null && (t.equals("-x") && (sub.equals("rebase") || sub.equals("difftool")) || t.equals("-u") && sub.equals("clone"))
                    && k + 1 < args.size()) {
                value = args.get(++k).text();
            } else if (value == null && t.startsWith("-x") && t.length() > 2 && sub.equals("rebase")) {
                value = t.substring(2);
            }
            if (value == null && t.startsWith("ext::")) {
                value = t.substring(5).replace("% ", " ").replace("%%", "%");
            }
            if (value != null) {
                script(value, depth + 1, how, out);
            }
        }
        if (sub.equals("submodule") && !args.isEmpty()) {
            int f = 0;
            while (f < args.size() && args.get(f).text().startsWith("-")) {
                f++;
            }
            if (f < args.size() && args.get(f).text().equals("foreach")) {
                int c = f + 1;
                while (c < args.size() && args.get(c).text().startsWith("-")) {
                    c++;
                }
                StringBuilder sb = new StringBuilder();
                for (Word w : args.subList(c, args.size())) {
                    sb.append(w.text()).append(' ');
                }
                script(sb.toString(), depth + 1, "git submodule foreach", out);
            }
        }
        if (sub.equals("bisect") && args.size() > 1 && args.get(0).text().equals("run")) {
            unwrap(args.subList(1, args.size()), Optional.empty(), Optional.empty(), depth + 1, "git bisect run", out);
        }
    }

    private static void expandAlias(List<Word> words, GitCommandLine line, String value, int depth, String how, List<Invocation> out) {
        check(depth + 1);
        if (value.startsWith("!")) {
            StringBuilder sb = new StringBuilder(value.substring(1));
            for (Word w : line.args()) {
                sb.append(' ').append(shellQuote(w.text()));
            }
            script(sb.toString(), depth + 1, how, out);
            return;
        }
        List<Word> expanded = new ArrayList<>();
        expanded.add(words.get(0));
        expanded.addAll(line.globals());
        for (SimpleCommand c : ShellParser.parse(value, depth + 1)) {
            expanded.addAll(c.words());
        }
        expanded.addAll(line.args());
        unwrap(expanded, Optional.empty(), Optional.empty(), depth + 1, how, out);
    }

    /** {@code git config [--global …] alias.NAME VALUE}: the alias body is judged as if it ran. */
    private static void aliasDefinition(Word git, List<Word> args, int depth, List<Invocation> out) {
        List<Word> plain = new ArrayList<>();
        for (Word w : args) {
            if (!w.text().startsWith("-")) {
                plain.add(w);
            }
        }
        if (!plain.isEmpty() && (plain.get(0).text().equals("set") || plain.get(0).text().equals("--add"))) {
            plain = plain.subList(1, plain.size());
        }
        if (plain.size() < 2 || !plain.get(0).text().toLowerCase().startsWith("alias.")) {
            return;
        }
        String name = plain.get(0).text().substring("alias.".length());
        Word value = plain.get(1);
        String how = "definition of git alias " + name;
        if (value.dynamic()) {
            return;
        }
        if (value.text().startsWith("!")) {
            script(value.text().substring(1), depth + 1, how, out);
            return;
        }
        List<Word> expanded = new ArrayList<>();
        expanded.add(git);
        for (SimpleCommand c : ShellParser.parse(value.text(), depth + 1)) {
            expanded.addAll(c.words());
        }
        unwrap(expanded, Optional.empty(), Optional.empty(), depth + 1, how, out);
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
