package dev.scc.cli.ux;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;

/** The user ended input (Ctrl-D) at a prompt: nothing was written; its kind is {@code CANCELLED} (exit 130). */
public final class PromptCancelledException extends SccException {
    private static final long serialVersionUID = 1L;

    public PromptCancelledException() {
        super(Kind.CANCELLED, "cancelled; nothing was changed", "");
    }
}
