package dev.scc.safety.internal.analysis;

import dev.scc.safety.internal.shell.AnalysisLimitException;
import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The expansions bash applies to a literal word before running it that change which command runs or which
 * options it sees: brace expansion ({@code {git,x}}, {@code {1..3}}) and pathname patterns in a command name.
 * Only unquoted, literal words are expanded, as bash does.
 */
final class Expansions {
    /** Words one brace expansion may produce before the line is refused. */
    static final int MAX_WORDS = 1024;

    /** Tools (and the wrappers and shells that run others) a pattern in a command name is tried against. */
    private static final List<String> TOOLS = List.of("git", "curl", "wget", "ssh", "scp", "sftp", "rsync", "sh", "bash", "dash",
            "zsh", "ksh", "env", "sudo", "xargs", "eval", "su", "runuser", "find", "parallel", "flock", "script", "setsid", "nohup",
            "timeout", "nice", "busybox", "git-push", "git-send-pack", "git-reset", "git-clean", "git-stash", "git-branch",
            "git-checkout", "git-restore", "git-switch", "git-gc", "git-prune", "git-reflog", "git-filter-branch", "git-worktree");

    private Expansions() {}

    static List<Word> braces(List<Word> words) {
        boolean any = false;
        for (Word w : words) {
            if (!w.quoted() && !w.dynamic() && w.text().indexOf('{') >= 0) {
                any = true;
                break;
            }
        }
        if (!any) {
            return words;
        }
        List<Word> out = new ArrayList<>();
        for (Word w : words) {
            if (w.quoted() || w.dynamic() || w.text().indexOf('{') < 0) {
                out.add(w);
                continue;
            }
            for (String t : expand(w.text(), 0)) {
                if (!t.isEmpty() || w.text().isEmpty()) {
                    out.add(Word.literal(t));
                }
                if (out.size() > MAX_WORDS) {
                    throw new AnalysisLimitException("brace expansion gives more than " + MAX_WORDS + " words");
                }
            }
        }
        return out;
    }

    /** bash's brace expansion of one word (comma lists and {@code a..b} sequences, nested, left to right). */
    static List<String> expand(String t, int depth) {
        if (depth > 16) {
            throw new AnalysisLimitException("brace expansion nested too deep");
        }
        for (int open = t.indexOf('{'); open >= 0; open = t.indexOf('{', open + 1)) {
            int level = 0;
            List<Integer> commas = new ArrayList<>();
            int close = -1;
            for (int k = open; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c == '{') {
                    level++;
                } else if (c == '}') {
                    level--;
                    if (level == 0) {
                        close = k;
                        break;
                    }
                } else if (c == ',' && level == 1) {
                    commas.add(k);
                }
            }
            if (close < 0) {
                return List.of(t);
            }
            String pre = t.substring(0, open);
            String post = t.substring(close + 1);
            String body = t.substring(open + 1, close);
            List<String> alternatives = new ArrayList<>();
            if (!commas.isEmpty()) {
                int from = open + 1;
                for (int c : commas) {
                    alternatives.add(t.substring(from, c));
                    from = c + 1;
                }
                alternatives.add(t.substring(from, close));
            } else if (!sequence(body, alternatives)) {
                continue; // "{}" or "{x}": not an expansion; look for a later brace
            }
            List<String> out = new ArrayList<>();
            for (String a : alternatives) {
                for (String e : expand(pre + a + post, depth + 1)) {
                    out.add(e);
                    if (out.size() > MAX_WORDS) {
                        throw new AnalysisLimitException("brace expansion gives more than " + MAX_WORDS + " words");
                    }
                }
            }
            return out;
        }
        return List.of(t);
    }

    private static boolean sequence(String body, List<String> out) {
        var m = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)(?:\\.\\.(-?\\d+))?|([a-zA-Z])\\.\\.([a-zA-Z])(?:\\.\\.(-?\\d+))?").matcher(body);
        if (!m.matches()) {
            return false;
        }
        if (m.group(1) != null) {
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(2));
            long step = m.group(3) == null ? 1 : Math.max(1, Math.abs(Long.parseLong(m.group(3))));
            if (Math.abs(b - a) / step > MAX_WORDS) {
                throw new AnalysisLimitException("brace sequence longer than " + MAX_WORDS);
            }
            for (long v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
                out.add(Long.toString(v));
            }
        } else {
            char a = m.group(4).charAt(0);
            char b = m.group(5).charAt(0);
            for (int v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) {
                out.add(String.valueOf((char) v));
            }
        }
        return true;
    }

    /** Whether a literal, unquoted word is a pathname pattern bash would expand. */
    static boolean isGlob(Word w) {
        if (w.quoted() || w.dynamic()) {
            return false;
        }
        String t = w.text();
        return t.indexOf('*') >= 0 || t.indexOf('?') >= 0 || (t.indexOf('[') >= 0 && t.indexOf(']') > t.indexOf('['));
    }

    /** The guarded tools (by basename) that the pattern could name. */
    static List<String> toolsMatching(String pattern) {
        String base = pattern.substring(pattern.lastIndexOf('/') + 1);
        Pattern re = globRegex(base);
        List<String> out = new ArrayList<>();
        for (String tool : TOOLS) {
            if (re.matcher(tool).matches()) {
                out.add(tool);
            }
        }
        return out;
    }

    /** A bash pattern as a regex ({@code * ? [...]}, {@code [!...]}). */
    static Pattern globRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                    continue;
                }
                String set = glob.substring(i + 1, close);
                if (set.startsWith("!") || set.startsWith("^")) {
                    set = "^" + set.substring(1);
                }
                re.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
