package dev.scc.safety.internal.match;

import java.util.regex.Pattern;

/** Glob text to regular expressions: {@code *} and {@code ?} inside one word or path segment, {@code **} across segments. */
public final class Globs {
    private Globs() {}

    /** A word glob: {@code *} any run of characters, {@code ?} one character, everything else literal. */
    public static Pattern word(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * A path glob over absolute paths: {@code **} any number of segments (also none), {@code *} and {@code ?} within
     * one segment. A pattern that does not start with {@code /} may sit anywhere ({@code .env} is {@code **}{@code /.env}).
     */
    public static Pattern path(String glob) {
        String g = glob.startsWith("/") ? glob : "/**/" + glob;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                if (slashAfter) {
                    re.append("(?:[^/]*/)*");
                    i += 2;
                } else {
                    re.append(".*");
                    i += 1;
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** True when the text has a glob character. */
    public static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }
}
