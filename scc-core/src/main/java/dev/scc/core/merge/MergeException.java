package dev.scc.core.merge;

import java.util.List;

/** A merge that cannot be made: an unknown team, or a federated team whose config was not supplied. */
public final class MergeException extends dev.scc.core.SccException {
    private static final long serialVersionUID = 1L;
    private final List<String> available;

    MergeException(String message, List<String> available) {
        super(available.isEmpty() ? Kind.CONFIG : Kind.NOT_FOUND, message, "");
        this.available = List.copyOf(available);
    }

    /** For an unknown team: the teams that exist. */
    public List<String> available() {
        return available;
    }
}
