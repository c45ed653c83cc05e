package dev.scc.cli.drills;

import dev.scc.testkit.model.ModelScript;

/** The drills on the real Codex CLI (the pinned @openai/codex in scc-agent-codex). */
class CodexDrillsIT extends AgentDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CODEX;
    }

    @Override
    ModelScript.Builder readEnv(ModelScript.Builder s) {
        return s.shell("cat .env");
    }
}
