package dev.scc.core.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A place where agent sessions run (SPI). Implementations are found with {@link java.util.ServiceLoader}
 * through {@link RuntimeBackends}; each has a unique {@link #id()} (e.g. {@code docker}). This interface is
 * everything the CLI and the application layer use of a runtime: no caller names a concrete backend.
 *
 * <p>Contract (checked by {@code dev.scc.testkit.RuntimeContract}, which every backend's tests adopt):
 * <ul>
 *   <li>{@link #plan} creates nothing; {@link #launch} either returns a live session whose objects all exist,
 *       or throws and leaves nothing it created behind.</li>
 *   <li>Every object a backend creates is findable again by {@link #sessions()}, {@link #stop} and
 *       {@link #prune()}, also from another instance or process configured alike.</li>
 *   <li>{@link #stop} and {@link #prune()} are idempotent.</li>
 *   <li>Failures the user can act on are {@link RuntimeBackendException}s; nothing else escapes for an
 *       unreachable engine.</li>
 * </ul>
 * Instances are created by {@link java.util.ServiceLoader} with a no-argument constructor and configured for one
 * invocation by {@link #configured}; {@link #close()} releases what the instance holds (connections).
 */
public interface RuntimeBackend extends AutoCloseable {

    /** Stable id used for selection, e.g. {@code docker}. */
    String id();

    /**
     * This backend configured for one invocation: its own settings from {@link RuntimeSettings#env()}, the org's
     * image and approval settings applied. The default ignores them (a backend without settings).
     */
    default RuntimeBackend configured(RuntimeSettings settings) {
        return this;
    }

    /** Probes the engine; never throws for an unreachable engine. */
    Availability availability();

    /**
     * What {@link #launch} would create for {@code spec}, without creating anything or contacting the engine.
     *
     * @throws RuntimeBackendException INVALID or REFUSED for a spec the launch would refuse whatever the engine
     *     says (workspace not a directory, a posture the backend cannot enforce, a malformed destination)
     */
    LaunchPlan plan(LaunchSpec spec);

    /**
     * Every refusal {@link #launch} would make for {@code plan} before it creates anything, found read-only (engine,
     * live session on the workspace, missing or blocked images), so a dry run can list them all. The default knows
     * none.
     */
    default List<RuntimeBackendException> preflight(LaunchPlan plan) {
        return List.of();
    }

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

    /** A session by id or unique id prefix (INVALID when the prefix is ambiguous). */
    default Optional<Session> session(String idOrPrefix) {
        return Session.find(sessions(), idOrPrefix);
    }

    /** True when the session's agent sandbox exists and runs (asks the engine). */
    boolean running(Session session);

    /**
     * Runs {@code argv} in the session's agent sandbox as the agent user, in the workspace, without a terminal.
     *
     * @throws RuntimeBackendException NOT_FOUND when the sandbox is gone
     */
    ExecResult exec(Session session, List<String> argv);

    /**
     * Runs {@code argv} in the session's agent sandbox as the agent user with the caller's terminal streams
     * (the caller puts its terminal in raw mode); returns the command's exit code.
     */
    long attach(Session session, List<String> argv, InputStream in, OutputStream out);

    /** The session's {@code source} log, as text; empty when there is none yet. */
    String logs(Session session, LogSource source);

    /**
     * Requests the session's egress enforcement refused, oldest first, each with its reason.
     *
     * @throws RuntimeBackendException NOT_FOUND for an unknown session; INVALID for a session whose posture has no
     *     egress enforcement point (and so no log)
     */
    List<NetworkDenial> networkLog(String sessionId);

    /** Removes the session's objects (keeping state meant to outlive it) and marks the record stopped. Idempotent. */
    Session stop(String sessionId);

    /** Removes every object this backend labelled that belongs to no live session. Idempotent. */
    default PruneReport prune() {
        return prune(false);
    }

    /** What {@link #prune()} removes; with {@code dryRun} only listed, nothing removed or marked stopped. */
    PruneReport prune(boolean dryRun);

    /**
     * The agent command line the backend runs for a provider, honouring {@code resume}. (A provider fact, here
     * until the provider SPI carries it.)
     */
    List<String> agentCommand(String provider, boolean resume);

    /**
     * The provider's non-interactive command for one prompt. (A provider fact, here until the provider SPI
     * carries it.)
     *
     * @throws RuntimeBackendException INVALID for a provider without a headless mode
     */
    default List<String> headlessCommand(String provider, String prompt) {
        throw new RuntimeBackendException(RuntimeBackendException.Kind.INVALID, "provider '" + provider
                + "' has no headless prompt mode known to SCC", "run it interactively with 'scc start'");
    }

    /**
     * An optional capability of this backend (e.g. {@link SandboxImages}); empty when it does not offer it. This is
     * how backend-specific commands reach a backend without naming its class.
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Releases connections; the backend may be used again afterwards (it reconnects). */
    @Override
    default void close() {}
}
