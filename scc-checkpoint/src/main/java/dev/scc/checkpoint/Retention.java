package dev.scc.checkpoint;

import java.time.Duration;

/**
 * How much history a store keeps: checkpoints older than {@code maxAge} go, then the oldest until the store holds at
 * most {@code maxBytes}; the newest {@code keepAtLeast} stay whatever their age or size.
 */
public record Retention(Duration maxAge, long maxBytes, int keepAtLeast) {
    /** Seven days, 2 GiB, at least the newest three. */
    public static final Retention DEFAULT = new Retention(Duration.ofDays(7), 2L << 30, 3);

    public Retention {
        if (maxAge.isNegative() || maxBytes < 0 || keepAtLeast < 1) {
            throw new IllegalArgumentException("retention needs a non-negative age and size and keepAtLeast >= 1");
        }
    }
}
