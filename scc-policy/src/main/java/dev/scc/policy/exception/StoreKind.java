package dev.scc.policy.exception;

/** Which local store an exception came from. */
public enum StoreKind {
    /** {@code $XDG_CONFIG_HOME/scc/exceptions.json}: this user only. */
    USER,
    /** {@code <repo root>/.scc/exceptions.json}: shared through the repository ({@code --shared}). */
    REPO
}
