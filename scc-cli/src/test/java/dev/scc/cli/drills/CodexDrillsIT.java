package dev.scc.cli.drills;

/** The drills on the real Codex CLI (the pinned @openai/codex in scc-agent-codex). */
class CodexDrillsIT extends AgentDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CODEX;
    }
}
