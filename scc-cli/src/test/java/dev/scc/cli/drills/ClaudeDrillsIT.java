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

    /** Claude Code's Grep with no path: ripgrep over the working directory. */
    @Override
    java.util.Optional<ModelScript.Builder> searchWorkspace(ModelScript.Builder s, String pattern) {
        return java.util.Optional.of(s.tool("Grep", "{\"pattern\":\"" + pattern + "\",\"output_mode\":\"content\"}"));
    }
}
