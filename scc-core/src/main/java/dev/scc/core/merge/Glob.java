package dev.scc.core.merge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The reference's pattern matching, ported exactly: Python {@code fnmatch} semantics on stripped, case-folded
 * strings ({@code *} crosses {@code /} and {@code @}; {@code [!x]} negates; an unclosed {@code [} is literal).
 */
public final class Glob {
    private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Glob() {}

    /** Case-insensitive, whitespace-trimmed fnmatch of {@code text} against {@code pattern}. */
    public static boolean matches(String text, String pattern) {
        return compile(fold(pattern)).matcher(fold(text)).matches();
    }

    /** Case-sensitive fnmatch (exceptions match this way, as in the reference). */
    public static boolean matchesCaseSensitive(String text, String pattern) {
        return compile(pattern).matcher(text).matches();
    }

    /** The first pattern (original, unstripped text) that matches, if any. */
    public static Optional<String> firstMatch(String text, List<String> patterns) {
        for (String p : patterns) {
            if (matches(text, p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String fold(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }

    private static Pattern compile(String glob) {
        Pattern cached = CACHE.get(glob);
        if (cached != null) {
            return cached;
        }
        Pattern p = Pattern.compile(translate(glob), Pattern.DOTALL);
        if (CACHE.size() < 10_000) {
            CACHE.put(glob, p);
        }
        return p;
    }

    /** {@code fnmatch.translate}: a full-string regex. */
    static String translate(String glob) {
        StringBuilder re = new StringBuilder(glob.length() + 8);
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
                while (i < n && glob.charAt(i) == '*') {
                    i++;
                }
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < n && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < n && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String body = glob.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (body.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    } else if (body.startsWith("^")) {
                        cls.append("\\^");
                        k = 1;
                    }
                    for (; k < body.length(); k++) {
                        char b = body.charAt(k);
                        if (b == '\\' || b == '[' || b == ']' || b == '&' || b == '~' || b == '|') {
                            cls.append('\\');
                        }
                        cls.append(b);
                    }
                    cls.append(']');
                    re.append(cls);
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
