package dev.scc.core.merge;

import java.util.List;
import java.util.Optional;

/** The coding agents SCC governs, and the API hosts each needs (added to egress automatically). */
public enum Provider {
    CLAUDE("claude", "anthropic-core", List.of("api.anthropic.com", "claude.ai", "console.anthropic.com",
            "statsig.anthropic.com"), "ANTHROPIC_API_KEY"),
    CODEX("codex", "openai-core", List.of("api.openai.com", "chatgpt.com", "auth.openai.com"), "OPENAI_API_KEY");

    private final String id;
    private final String coreSet;
    private final List<String> coreHosts;
    private final String apiKeyEnv;

    Provider(String id, String coreSet, List<String> coreHosts, String apiKeyEnv) {
        this.id = id;
        this.coreSet = coreSet;
        this.coreHosts = coreHosts;
        this.apiKeyEnv = apiKeyEnv;
    }

    /** The environment variable holding the provider's API key, passed into its sandbox when set. */
    public String apiKeyEnv() {
        return apiKeyEnv;
    }

    public String id() {
        return id;
    }

    /** The name of the provider's built-in destination set. */
    public String coreDestinationSet() {
        return coreSet;
    }

    public List<String> coreHosts() {
        return coreHosts;
    }

    public static Optional<Provider> parse(String id) {
        for (Provider p : values()) {
            if (p.id.equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
