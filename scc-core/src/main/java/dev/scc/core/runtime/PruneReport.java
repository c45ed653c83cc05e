package dev.scc.core.runtime;

import java.util.List;

/**
 * What a prune removed (or, planned, would remove): objects the backend labelled that belonged to no live session,
 * and the session records marked stopped because their objects were gone.
 *
 * @param objects the objects removed, in the backend's vocabulary
 * @param sessions ids of the sessions marked stopped
 */
public record PruneReport(List<RuntimeObject> objects, List<String> sessions) {
    public PruneReport {
        objects = List.copyOf(objects);
        sessions = List.copyOf(sessions);
    }

    public boolean empty() {
        return objects.isEmpty() && sessions.isEmpty();
    }
}
