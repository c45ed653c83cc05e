package dev.scc.core.plan;

/** Whether policy lets an item in. Blocked items are still in the plan so renderers can enforce the block. */
public enum ItemState {
    ENABLED,
    BLOCKED
}
