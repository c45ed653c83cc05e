package dev.scc.render.codex;

import dev.scc.testkit.AgentProviderContract;

class CodexProviderContractTest implements AgentProviderContract {
    @Override
    public String providerId() {
        return "codex";
    }
}
