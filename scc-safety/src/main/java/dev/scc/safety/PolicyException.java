package dev.scc.safety;

/** A safety policy that cannot be used: names the file, the key path, what was expected and how to fix it. */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
