package dev.scc.cli.drills;

/** The boundary drills on the real Claude Code (the pinned @anthropic-ai/claude-code in scc-agent-claude). */
class ClaudeBoundaryDrillsIT extends BoundaryDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CLAUDE;
    }
}
