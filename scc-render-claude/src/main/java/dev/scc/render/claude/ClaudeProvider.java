package dev.scc.render.claude;

import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.ProviderRenderer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code as an SCC provider. Error reporting goes to sentry.io, a service that accepts events for any project,
 * so it is not a core host (allowing it would open a channel out of every sandbox); {@link #quietEnv()} turns it off
 * instead where egress is governed.
 */
public final class ClaudeProvider implements AgentProvider {
    static final String ID = "claude";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Claude Code";
    }

    @Override
    public String coreDestinationSet() {
        return "anthropic-core";
    }

    @Override
    public List<String> coreHosts() {
        return List.of("api.anthropic.com", "claude.ai", "console.anthropic.com", "statsig.anthropic.com");
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN");
    }

    @Override
    public Optional<String> credentialHint() {
        return Optional.of("for a subscription, 'claude setup-token' on the host prints a token for "
                + "CLAUDE_CODE_OAUTH_TOKEN");
    }

    @Override
    public Optional<ModelApi> modelApi() {
        // API keys travel in x-api-key, OAuth tokens (sk-ant-oat…) as a bearer token.
        return Optional.of(new ModelApi("anthropic", "anthropic", URI.create("https://api.anthropic.com"), "/anthropic",
                "ANTHROPIC_BASE_URL", "", new Injection("x-api-key", "raw"), List.of("ANTHROPIC_API_KEY"),
                new Injection("Authorization", "bearer"), List.of("CLAUDE_CODE_OAUTH_TOKEN")));
    }

    @Override
    public Map<String, String> quietEnv() {
        return Map.of("DISABLE_ERROR_REPORTING", "1");
    }

    /**
     * Claude Code otherwise writes {@code ~/.claude.json} (onboarding, account, trust) next to its directory, where it
     * would not outlive the container.
     */
    @Override
    public String stateDirEnv() {
        return "CLAUDE_CONFIG_DIR";
    }

    /** Claude Code reads {@code ANTHROPIC_BASE_URL} (the URL without {@code /v1}). */
    @Override
    public Map<String, String> modelEndpointEnv(String url) {
        return Map.of("ANTHROPIC_BASE_URL", url, "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    }

    @Override
    public List<String> agentCommand(boolean resume) {
        return resume ? List.of("claude", "--dangerously-skip-permissions", "--continue")
                : List.of("claude", "--dangerously-skip-permissions");
    }

    @Override
    public Optional<List<String>> headlessCommand(String prompt) {
        return Optional.of(List.of("claude", "--dangerously-skip-permissions", "-p", prompt));
    }

    @Override
    public HookFormat hookFormat() {
        return new HookFormat("Claude", List.of("Bash"));
    }

    /** The project settings (hooks, permissions, MCP approvals, agents, commands) and the project MCP servers. */
    @Override
    public List<String> workspaceConfigPaths() {
        return List.of(".claude", ".mcp.json");
    }

    /** The default agent when nobody chose one (as before providers were plug-ins). */
    @Override
    public int defaultRank() {
        return 1;
    }

    @Override
    public ImageRecipe image() {
        return new ImageRecipe("scc-agent-claude", "dev/scc/render/claude/image", List.of("Dockerfile",
                "stub-agent.sh"));
    }

    @Override
    public ProviderRenderer renderer() {
        return new ClaudeRenderer();
    }
}
