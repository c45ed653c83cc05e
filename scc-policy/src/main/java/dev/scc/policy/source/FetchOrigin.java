package dev.scc.policy.source;

/** Where the bytes of a {@link FetchResult} came from. */
public enum FetchOrigin {
    /** A local file, read now. */
    LOCAL_FILE,
    /** Downloaded now (HTTP 200), validated and cached. */
    FETCHED,
    /** The server confirmed the cached copy (HTTP 304). */
    NOT_MODIFIED,
    /** The refresh failed; the cached copy was used (see warnings). */
    CACHE_FALLBACK,
    /** Offline mode: the cached copy, not refreshed. */
    OFFLINE_CACHE
}
