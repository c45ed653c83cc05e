package dev.scc.core.merge;

import dev.scc.core.model.MarketplaceSource;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Globstar matching of marketplace source URLs for trust grants. Unlike the reference, the pattern is
 * normalised like the URL (scheme stripped), so {@code https://github.com/org/**} works as people write it.
 */
final class TrustPatterns {
    private TrustPatterns() {}

    static String normaliseSource(MarketplaceSource s) {
        if (s instanceof MarketplaceSource.Github g) {
            return ("github.com/" + g.owner() + "/" + g.repo()).toLowerCase(Locale.ROOT);
        }
        if (s instanceof MarketplaceSource.Git g) {
            return normaliseUrl(g.url());
        }
        if (s instanceof MarketplaceSource.Url u) {
            return normaliseUrl(u.url());
        }
        return "";
    }

    static String normaliseUrl(String url) {
        String u = url.strip();
        u = u.replaceFirst("^(?i)https?://", "");
        if (u.startsWith("git@")) {
            u = u.substring(4).replaceFirst(":", "/");
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        int slash = u.indexOf('/');
        String host = slash < 0 ? u : u.substring(0, slash);
        String rest = slash < 0 ? "" : u.substring(slash);
        return host.toLowerCase(Locale.ROOT) + rest;
    }

    static boolean matches(String normalisedUrl, String pattern) {
        String p = normaliseUrl(pattern).toLowerCase(Locale.ROOT);
        return Pattern.compile(globstar(p), Pattern.DOTALL).matcher(normalisedUrl.toLowerCase(Locale.ROOT)).matches();
    }

    /** {@code **} spans segments, {@code *} and {@code ?} stay within one. */
    private static String globstar(String p) {
        if (p.equals("**")) {
            return ".*";
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:[^/]*/)*" : ".*");
                i += slashAfter ? 3 : 2;
                continue;
            }
            if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return re.toString();
    }
}
