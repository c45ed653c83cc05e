package dev.scc.cli.drills;

import dev.scc.testkit.model.ModelScript;

/** The drills on the real Claude Code (the pinned @anthropic-ai/claude-code in scc-agent-claude). */
class ClaudeDrillsIT extends AgentDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CLAUDE;
    }

    @Override
    ModelScript.Builder readEnv(ModelScript.Builder s) {
        return s.tool("Read", "{\"file_path\":\"/workspace/.env\"}");
    }
}
