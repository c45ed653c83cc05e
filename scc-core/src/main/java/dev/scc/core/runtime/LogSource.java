package dev.scc.core.runtime;

/** Which log of a session {@link RuntimeBackend#logs} returns. */
public enum LogSource {
    /** The agent's own output (its sandbox's console). */
    AGENT,
    /** The egress enforcement point's log (absent under postures without one). */
    EGRESS
}
