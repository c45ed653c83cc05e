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

    /** Gemini CLI says a tool was blocked without naming the hook: "Tool execution blocked: [Gemini] SCC safety: …". */
    @Override
    String hookRefusal() {
        return "Tool execution blocked: [Gemini] SCC safety";
    }

    /**
     * Gemini CLI's own file tool: {@code read_file} with the file's path in {@code file_path}. Not {@code .env}: gemini
     * 0.61.0 refuses any path with a {@code .env}, {@code .git} or {@code node_modules} segment itself, before its
     * {@code BeforeTool} hook runs (measured: "Path not in workspace: … resolves outside the allowed workspace
     * directories"), so the org's rule is proven on {@code secrets.env}, which only that rule denies.
     */
    @Override
    ModelScript.Builder readEnv(ModelScript.Builder s) {
        return s.tool("read_file", "{\"file_path\":\"/workspace/secrets.env\"}");
    }

    /** Gemini CLI's grep_search with no dir_path: the working directory. */
    @Override
    ModelScript.Builder searchWorkspace(ModelScript.Builder s, String pattern) {
        return s.tool("grep_search", "{\"pattern\":\"" + pattern + "\"}");
    }
}
