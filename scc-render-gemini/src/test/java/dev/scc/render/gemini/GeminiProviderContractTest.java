package dev.scc.render.gemini;

import dev.scc.testkit.AgentProviderContract;

/** The provider conformance kit, on the provider as the registry discovers it. */
class GeminiProviderContractTest implements AgentProviderContract {
    @Override
    public String providerId() {
        return "gemini";
    }
}
