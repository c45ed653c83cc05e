package dev.scc.core.runtime;

import java.util.List;

/**
 * What a prune removed: SCC-labelled containers and networks that belonged to no live session, and the
 * session records that were marked stopped because their objects were gone.
 */
public record PruneReport(List<String> containers, List<String> networks, List<String> sessions) {
    public PruneReport {
        containers = List.copyOf(containers);
        networks = List.copyOf(networks);
        sessions = List.copyOf(sessions);
    }

    public boolean empty() {
        return containers.isEmpty() && networks.isEmpty() && sessions.isEmpty();
    }
}
