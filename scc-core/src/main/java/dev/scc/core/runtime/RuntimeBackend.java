package dev.scc.core.runtime;

import java.util.List;
import java.util.Optional;

/**
 * A place where agent sessions run (SPI). Implementations are found with {@link java.util.ServiceLoader}
 * through {@link RuntimeBackends}; each has a unique {@link #id()} (e.g. {@code docker}).
 *
 * <p>Contract: {@link #launch} either returns a live session whose objects all exist, or throws and leaves
 * nothing it created behind. Every object a backend creates is findable again by {@link #sessions()},
 * {@link #stop} and {@link #prune()}, also from another process. Failures the user can act on are
 * {@link RuntimeBackendException}s.
 */
public interface RuntimeBackend {

    /** Stable id used for selection, e.g. {@code docker}. */
    String id();

    /** Probes the engine; never throws for an unreachable engine. */
    Availability availability();

    /**
     * Starts a session for {@code spec}, or resumes the workspace's existing one when
     * {@link LaunchSpec#resume()} is set.
     *
     * @throws RuntimeBackendException CONFLICT when a live session already runs on the workspace and resume was
     *     not asked for; REFUSED when policy forbids it; NOT_FOUND for a missing image
     */
    Session launch(LaunchSpec spec);

    /** Known sessions, newest first, live ones and stopped ones. */
    List<Session> sessions();

    /** A session by id or unique id prefix. */
    Optional<Session> session(String idOrPrefix);

    /** Removes the session's agent, proxy and networks and marks the record stopped. Idempotent. */
    Session stop(String sessionId);

    /** Removes every object this backend labelled that belongs to no live session. */
    PruneReport prune();

    /** The agent command line the backend runs for a provider, honouring {@code resume}. */
    List<String> agentCommand(String provider, boolean resume);
}
