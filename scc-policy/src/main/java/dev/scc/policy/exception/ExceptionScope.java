package dev.scc.policy.exception;

/** Who granted an exception: a local override (user or repo store) or the org policy. */
public enum ExceptionScope {
    /** Created locally ({@code scc unblock}, {@code scc exceptions create}); clears only delegation denials. */
    LOCAL,
    /** From the org config's {@code exceptions:} list. */
    POLICY
}
