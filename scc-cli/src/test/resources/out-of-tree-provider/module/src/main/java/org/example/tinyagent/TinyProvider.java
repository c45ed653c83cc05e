package org.example.tinyagent;

import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.ProviderRenderer;
import java.util.List;
import java.util.Map;

/** A made-up agent, declared the way a plugin author declares a real one. */
public final class TinyProvider implements AgentProvider {
    @Override
    public String id() {
        return "tiny-agent";
    }

    @Override
    public String displayName() {
        return "Tiny Agent";
    }

    @Override
    public String coreDestinationSet() {
        return "tiny-core";
    }

    @Override
    public List<String> coreHosts() {
        return List.of("api.tiny-agent.example");
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("TINY_AGENT_API_KEY");
    }

    @Override
    public String stateDirEnv() {
        return "TINY_AGENT_HOME";
    }

    @Override
    public Map<String, String> modelEndpointEnv(String url) {
        return Map.of("TINY_AGENT_BASE_URL", url);
    }

    @Override
    public List<String> agentCommand(boolean resume) {
        return resume ? List.of("tiny-agent", "--continue") : List.of("tiny-agent");
    }

    @Override
    public HookFormat hookFormat() {
        return new HookFormat("Tiny", List.of("shell"));
    }

    @Override
    public List<String> workspaceConfigPaths() {
        return List.of(".tiny-agent");
    }

    @Override
    public ImageRecipe image() {
        return new ImageRecipe("scc-agent-tiny-agent", "org/example/tinyagent/image", List.of("Dockerfile"));
    }

    @Override
    public ProviderRenderer renderer() {
        return new TinyRenderer();
    }
}
