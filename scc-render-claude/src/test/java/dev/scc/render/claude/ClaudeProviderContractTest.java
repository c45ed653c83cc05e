package dev.scc.render.claude;

import dev.scc.testkit.AgentProviderContract;

class ClaudeProviderContractTest implements AgentProviderContract {
    @Override
    public String providerId() {
        return "claude";
    }
}
