package dev.scc.policy.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Fetcher settings. {@code allowLoopbackHttpForTests} lets tests serve over plain HTTP from
 * 127.0.0.1/localhost/::1 only; production code uses {@link #defaults()}.
 */
public record FetchOptions(Duration timeout, int maxRedirects, boolean allowLoopbackHttpForTests) {
    public FetchOptions {
        Objects.requireNonNull(timeout);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects < 0");
        }
    }

    /** 30 s timeout, up to 5 HTTPS redirects, HTTPS only. */
    public static FetchOptions defaults() {
        return new FetchOptions(Duration.ofSeconds(30), 5, false);
    }

    /** TEST ONLY: like {@link #defaults()} but also allows plain HTTP to loopback addresses. */
    public static FetchOptions forLoopbackTests() {
        return new FetchOptions(Duration.ofSeconds(5), 5, true);
    }
}
