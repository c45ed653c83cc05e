package dev.scc.cli.drills;

import java.util.List;

/** The broker drills with the real claude (the pinned @anthropic-ai/claude-code in scc-agent-claude). */
class BrokeredClaudeDrillsIT extends BrokeredDrills {
    final String anthropicKey = "sk-ant-api03-" + random(86) + "-realAA";

    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CLAUDE;
    }

    @Override
    String modelKey() {
        return anthropicKey;
    }

    @Override
    String modelBroker(String upstreamHost) {
        return "    anthropic-key: {env: ANTHROPIC_API_KEY}\n  destinations:\n"
                + "    - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key,"
                + " upstream: \"https://" + upstreamHost + "\"}";
    }

    @Override
    String expectedCredentialLine() {
        return "x-api-key: " + anthropicKey;
    }

    @Override
    List<String> expectedAgentEnvironment() {
        return List.of("ANTHROPIC_API_KEY=sk-ant-api03-", "ANTHROPIC_BASE_URL=http://scc-broker:8080/anthropic");
    }
}
