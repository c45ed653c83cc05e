package dev.scc.policy;

import dev.scc.core.text.Printable;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a policy document: where (file and JSON path), what, and what was expected.
 *
 * <p>{@code jsonPath} is a JSONPath such as {@code $.profiles['team-a'].additional_mcp_servers[0].url};
 * {@code $} means the document root. {@code expected} is a short human description of a valid value
 * ("one of: open, web-egress-enforced, locked-down-web"), or empty when there is nothing more to say.
 * None of the fields is null.
 */
public record Problem(String file, String jsonPath, String message, String expected) {

    /** Orders problems by file, then JSON path (numerically for array indices), then message. */
    public static final Comparator<Problem> ORDER = Comparator.comparing(Problem::file)
            .thenComparing(Problem::jsonPath, Problem::comparePaths)
            .thenComparing(Problem::message);

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(jsonPath, "jsonPath");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(expected, "expected");
    }

    /**
     * The one-line form used by the CLI: {@code file: $.path: message (expected ...)}. Control characters quoted
     * from the document are escaped, so a report never replays a terminal escape.
     */
    public String describe() {
        String base = file + ": " + jsonPath + ": " + message;
        return Printable.escape(expected.isEmpty() ? base : base + " (expected " + expected + ")");
    }

    // Compares paths segment-wise so that [2] sorts before [10].
    private static int comparePaths(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) return c;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
