package dev.scc.cli.drills;

/** The drills on the real Claude Code (the pinned @anthropic-ai/claude-code in scc-agent-claude). */
class ClaudeDrillsIT extends AgentDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CLAUDE;
    }
}
