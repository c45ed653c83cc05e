package dev.scc.app;

import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.Session;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A runtime that keeps sessions in memory and records every spec it was given: what an embedder's test uses. */
final class InMemoryRuntime implements RuntimeBackend {
    final List<LaunchSpec> launched = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();
    private final Clock clock;

    InMemoryRuntime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "in-memory";
    }

    @Override
    public Availability availability() {
        return new Availability.Available("test", "test");
    }

    @Override
    public Session launch(LaunchSpec spec) {
        if (sessions.stream().anyMatch(s -> s.live() && s.workspace().equals(spec.workspace()))) {
            throw new RuntimeBackendException(RuntimeBackendException.Kind.CONFLICT,
                    "a session already runs on " + spec.workspace(), "stop it first");
        }
        launched.add(spec);
        Session s = new Session("s" + (sessions.size() + 1), id(), spec.workspace(), "h", spec.team(),
                spec.provider(), spec.posture(), "agent", Optional.empty(), List.of(), Map.of(),
                spec.policyFingerprint(), clock.instant(), Optional.empty());
        sessions.add(0, s);
        return s;
    }

    @Override
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public Optional<Session> session(String idOrPrefix) {
        return sessions.stream().filter(s -> s.id().startsWith(idOrPrefix)).findFirst();
    }

    @Override
    public Session stop(String sessionId) {
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            if (s.id().equals(sessionId)) {
                Session stopped = s.live() ? s.stopped(clock.instant()) : s;
                sessions.set(i, stopped);
                return stopped;
            }
        }
        throw new RuntimeBackendException(RuntimeBackendException.Kind.NOT_FOUND, "no session " + sessionId, "");
    }

    @Override
    public PruneReport prune() {
        return new PruneReport(List.of(), List.of(), List.of());
    }

    @Override
    public List<String> agentCommand(String provider, boolean resume) {
        return List.of(provider);
    }
}
