package dev.scc.cli.ux;

import java.util.Map;

/**
 * What the terminal around this process can do, decided once per invocation.
 *
 * <p>{@code interactive}: stdin and stdout are a terminal, so {@code scc} may prompt. {@code color}: ANSI styles
 * are allowed, which needs an interactive terminal, no {@code NO_COLOR} (any non-empty value, see
 * no-color.org), no {@code --no-color} and a {@code TERM} other than {@code dumb}. Styling methods return their
 * text unchanged when colour is off, so callers never branch.
 */
public record Terminal(boolean interactive, boolean color) {

    /** A terminal that never prompts and never styles (tests, pipes, CI). */
    public static final Terminal PLAIN = new Terminal(false, false);

    /**
     * Decides from the environment, whether a console is attached and the {@code --no-color} flag.
     *
     * @param consoleAttached {@code System.console() != null}: on JDK 17 both stdin and stdout are a terminal
     */
    public static Terminal detect(Map<String, String> env, boolean consoleAttached, boolean noColorFlag) {
        String noColor = env.get("NO_COLOR");
        boolean colorVetoed = noColorFlag || (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
        return new Terminal(consoleAttached, consoleAttached && !colorVetoed);
    }

    /** Bold, for headings. */
    public String bold(String s) {
        return style("1", s);
    }

    /** Green, for things that are ready or done. */
    public String good(String s) {
        return style("32", s);
    }

    /** Yellow, for things that need attention but do not stop anything. */
    public String warn(String s) {
        return style("33", s);
    }

    /** Red, for failures. */
    public String bad(String s) {
        return style("31", s);
    }

    private String style(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
