package dev.scc.safety.rules;

/**
 * A glob over one word: {@code *} stands for any run of characters (also none); every other character is itself.
 * Matching is linear-ish (greedy with one backtrack point per star), so a hostile pattern cannot make it slow.
 */
final class WordGlob {
    private WordGlob() {}

    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
