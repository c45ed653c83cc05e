package dev.scc.app.governance;

import dev.scc.core.SccException;

/** A governance input problem the user must fix (missing org, unknown team or provider, a refused choice). */
public final class GovernanceException extends SccException {
    private static final long serialVersionUID = 1L;

    public GovernanceException(String message, Kind kind) {
        super(kind, message, "");
    }
}
