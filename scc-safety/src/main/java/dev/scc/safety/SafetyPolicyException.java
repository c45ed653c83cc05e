package dev.scc.safety;

/** A safety policy that cannot be used: names the file, the key path, what was expected and how to fix it. */
public final class SafetyPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafetyPolicyException(String message) {
        super(message);
    }
}
