package dev.scc.safety.internal.shell;

/** Shell text that cannot be analysed safely (bad syntax, too deep, too large). */
public class ShellSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShellSyntaxException(String message) {
        super(message);
    }
}
