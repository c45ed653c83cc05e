package dev.scc.policy.source;

/** Whether a fetch may use the network. */
public enum FetchMode {
    /** Conditional GET; falls back to the cache (with a warning) when the fetch fails. */
    ONLINE,
    /** Cache only ({@code --offline}); an error when nothing is cached. */
    OFFLINE
}
