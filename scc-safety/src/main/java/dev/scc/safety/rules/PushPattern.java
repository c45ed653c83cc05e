package dev.scc.safety.rules;

/**
 * A git push pattern: {@code ref} or {@code remote:ref}, where {@code ref} is a short branch or tag name glob
 * ({@code main}, {@code release/*}) and {@code *} stands for any run of characters (also {@code /}). A push matches
 * when any ref it updates matches (and its remote, if the pattern names one).
 */
public final class PushPattern extends PatternText implements ActionPattern {
    private final String remote;
    private final String ref;

    private PushPattern(String text, String remote, String ref) {
        super(ActionKind.GIT_PUSH, text);
        this.remote = remote;
        this.ref = ref;
    }

    /**
     * Parses {@code [remote:]ref}.
     *
     * @throws IllegalArgumentException for an empty ref or remote, or a {@code refs/} prefix (refs are short names)
     */
    public static PushPattern parse(String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        String remote = colon >= 0 ? t.substring(0, colon) : "*";
        String ref = colon >= 0 ? t.substring(colon + 1) : t;
        if (ref.isEmpty() || remote.isEmpty()) {
            throw new IllegalArgumentException("the git.push pattern \"" + t + "\" must be ref or remote:ref");
        }
        if (ref.startsWith("refs/")) {
            throw new IllegalArgumentException("the git.push pattern \"" + t + "\" can never match: refs are short names"
                    + " (write \"" + ref.replaceFirst("^refs/(heads|tags)/", "") + "\")");
        }
        return new PushPattern(t, remote, ref);
    }

    @Override
    public boolean matches(Action action) {
        if (!(action instanceof Action.GitPush)) {
            return false;
        }
        Action.GitPush p = (Action.GitPush) action;
        return WordGlob.matches(remote, p.remote()) && p.refs().stream().anyMatch(r -> WordGlob.matches(ref, r));
    }
}
