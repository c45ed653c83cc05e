package dev.scc.core.merge;

import java.util.List;
import java.util.Optional;

/**
 * The coding agents SCC governs, and the hosts each needs to work at all (API, sign-in and the vendor's own
 * telemetry; added to egress automatically). Third-party error reporting is not among them: Claude Code reports to
 * sentry.io, a service that accepts events for any project, so allowing it would open a channel out of every
 * sandbox; {@link #quietEnv()} turns that reporting off instead where egress is governed.
 */
public enum Provider {
    CLAUDE("claude", "anthropic-core", List.of("api.anthropic.com", "claude.ai", "console.anthropic.com",
            "statsig.anthropic.com"), List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"),
            java.util.Map.of("DISABLE_ERROR_REPORTING", "1"), "CLAUDE_CONFIG_DIR"),
    CODEX("codex", "openai-core", List.of("api.openai.com", "chatgpt.com", "auth.openai.com"),
            List.of("OPENAI_API_KEY", "CODEX_API_KEY"), java.util.Map.of(), "CODEX_HOME");

    private final String id;
    private final String coreSet;
    private final List<String> coreHosts;
    private final List<String> credentialEnv;
    private final java.util.Map<String, String> quietEnv;
    private final String configDirEnv;

    Provider(String id, String coreSet, List<String> coreHosts, List<String> credentialEnv,
            java.util.Map<String, String> quietEnv, String configDirEnv) {
        this.id = id;
        this.coreSet = coreSet;
        this.coreHosts = coreHosts;
        this.credentialEnv = credentialEnv;
        this.quietEnv = quietEnv;
        this.configDirEnv = configDirEnv;
    }

    /**
     * The variable that names the agent's own state directory (sign-in, settings, history). A runtime that keeps that
     * directory on a volume sets it to the volume's path: Claude Code otherwise writes {@code ~/.claude.json}
     * (onboarding, account, trust) next to the directory, where it would not outlive the container.
     */
    public String configDirEnv() {
        return configDirEnv;
    }

    /**
     * Variables that keep the agent from calling hosts outside {@link #coreHosts()} (error reporting), set in its
     * sandbox whenever egress is not open, so it neither waits on nor retries a destination that is denied anyway.
     */
    public java.util.Map<String, String> quietEnv() {
        return quietEnv;
    }

    /**
     * The sandbox variables that point the agent at a model endpoint other than the provider's own API (a corporate
     * LLM gateway, a test's scripted model): the base-URL variable the agent CLI reads, set to the endpoint, plus what
     * keeps the agent from also calling the provider's other services. Claude Code reads {@code ANTHROPIC_BASE_URL}
     * (the URL without {@code /v1}); Codex's built-in provider reads {@code OPENAI_BASE_URL} (the URL with
     * {@code /v1}).
     */
    public java.util.Map<String, String> modelEndpointEnv(String url) {
        return switch (this) {
            case CLAUDE -> java.util.Map.of("ANTHROPIC_BASE_URL", url, "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            case CODEX -> java.util.Map.of("OPENAI_BASE_URL", url);
        };
    }

    /**
     * The host variables that sign the agent in, passed into its sandbox when set: an API key, or (Claude) the
     * long-lived token {@code claude setup-token} prints for subscription accounts. Without one the agent signs in
     * inside the sandbox, once per workspace (its state directory is a volume).
     */
    public List<String> credentialEnv() {
        return credentialEnv;
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
