package dev.scc.cli.drills;

import java.util.List;
import java.util.Map;

/**
 * The broker drills with the real codex (the pinned @openai/codex in scc-agent-codex): the host holds both
 * {@code OPENAI_API_KEY} (the org's source) and {@code CODEX_API_KEY}; neither reaches the sandbox, and the model
 * gets the real OpenAI key as a bearer token.
 */
class BrokeredCodexDrillsIT extends BrokeredDrills {
    final String openaiKey = "sk-proj-" + random(48) + "T3BlbkFJ" + random(48);
    final String codexKey = "sk-proj-" + random(48) + "T3BlbkFJ" + random(48);

    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CODEX;
    }

    @Override
    String modelKey() {
        return openaiKey;
    }

    @Override
    Map<String, String> otherHostSecrets() {
        return Map.of("CODEX_API_KEY", codexKey);
    }

    @Override
    String modelBroker(String upstreamHost) {
        return "    openai-key: {env: OPENAI_API_KEY}\n  destinations:\n"
                + "    - {name: openai, type: model-api, provider: openai, credential: openai-key,"
                + " upstream: \"https://" + upstreamHost + "\"}";
    }

    @Override
    String expectedCredentialLine() {
        return "authorization: Bearer " + openaiKey;
    }

    @Override
    List<String> expectedAgentEnvironment() {
        return List.of("OPENAI_API_KEY=sk-proj-", "OPENAI_BASE_URL=http://scc-broker:8080/openai/v1");
    }
}
