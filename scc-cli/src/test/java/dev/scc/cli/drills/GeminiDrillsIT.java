package dev.scc.cli.drills;

import dev.scc.testkit.model.ModelScript;

/**
 * The drills on the real Gemini CLI (the pinned @google/gemini-cli in scc-agent-gemini, whose recipe ships in the
 * scc-render-gemini jar): its {@code BeforeTool} hook is SCC's hook, its model the scripted Gemini API.
 */
class GeminiDrillsIT extends AgentDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.GEMINI;
    }

    /** Gemini CLI tunnels even plain HTTP through the proxy's CONNECT, which reaches port 443 only: a TLS model. */
    @Override
    void prepare(DrillWorld w) {
        w.trustModelCa();
    }

    /** Gemini CLI's own file tool: {@code read_file} with the file's path in {@code file_path}. */
    @Override
    ModelScript.Builder readEnv(ModelScript.Builder s) {
        return s.tool("read_file", "{\"file_path\":\"/workspace/.env\"}");
    }
}
