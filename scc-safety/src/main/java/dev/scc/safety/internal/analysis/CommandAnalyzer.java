package dev.scc.safety.internal.analysis;

import dev.scc.safety.internal.rules.GitCommandLine;
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
        int i = 0;
        java.util.Map<String, String> assigned = new java.util.HashMap<>();
        while (true) {
            while (i < words.size() && !words.get(i).quoted() && isAssignment(words.get(i).text())) {
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
                case "sudo":
                case "doas":
                    next = skipOptions(words, i + 1, "uUgCDhpprRtT", Set.of("user", "group", "close-from", "chdir", "host", "prompt",
                            "chroot", "role", "type", "command-timeout", "other-user"));
                    break;
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
                        if (t.equals("-u") || t.equals("-C") || t.equals("-P") || t.equals("--unset") || t.equals("--chdir")) {
                            j += 2;
                            continue;
                        }
                        if (t.startsWith("-") || (!words.get(j).quoted() && isAssignment(t))) {
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
                case "exec":
                    next = skipOptions(words, i + 1, "a", Set.of());
                    break;
                case "nohup":
                case "builtin":
                case "busybox":
                case "coproc":
                    next = i + 1 < words.size() && words.get(i + 1).text().equals("--") ? i + 2 : i + 1;
                    break;
                case "time":
                    next = skipOptions(words, i + 1, "fo", Set.of("format", "output"));
                    break;
                case "nice":
                    next = skipOptions(words, i + 1, "n", Set.of("adjustment"));
                    break;
                case "ionice":
                    next = skipOptions(words, i + 1, "cnpPu", Set.of("class", "classdata", "pid", "pgid", "uid"));
                    break;
                case "stdbuf":
                    next = skipOptions(words, i + 1, "ioe", Set.of("input", "output", "error"));
                    break;
                case "timeout": {
                    int j = skipOptions(words, i + 1, "sk", Set.of("signal", "kill-after"));
                    next = j + 1; // the duration
                    break;
                }
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
                case "su": {
                    for (int j = i + 1; j < words.size(); j++) {
                        String t = words.get(j).text();
                        if ((t.equals("-c") || t.equals("--command")) && j + 1 < words.size()) {
                            inline(words.get(j + 1), depth, via.isEmpty() ? "su -c" : via, out);
                        } else if (t.startsWith("--command=")) {
                            inline(Word.literal(t.substring("--command=".length())), depth, via.isEmpty() ? "su -c" : via, out);
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
                    if (SHELLS.contains(name)) {
                        shell(words.subList(i, words.size()), stdin, piped, depth, via, out);
                        return;
                    }
                    if (name.equals("git")) {
                        git(words.subList(i, words.size()), depth, via, assigned, out);
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
                    StringBuilder sb = new StringBuilder();
                    for (Word w : src.subList(1, src.size())) {
                        if (!w.text().startsWith("-") || w.quoted()) {
                            sb.append(w.text().replace("\\n", "\n")).append(' ');
                        }
                    }
                    script(sb.toString(), depth + 1, via.isEmpty() ? srcName + " | " + label : via, out);
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
        }
        out.add(new Invocation(words, via, assigned));
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
