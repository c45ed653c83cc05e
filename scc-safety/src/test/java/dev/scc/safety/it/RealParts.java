package dev.scc.safety.it;

import org.junit.jupiter.api.Assumptions;

/** A real-part precondition: skipped on a developer machine that lacks it, a failure in CI ({@code -Dscc.it.require}). */
public final class RealParts {
    private RealParts() {}

    public static void require(boolean present, String what) {
        if (!present && Boolean.getBoolean("scc.it.require")) {
            throw new AssertionError("real-part suite cannot run: " + what);
        }
        Assumptions.assumeTrue(present, what);
    }
}
