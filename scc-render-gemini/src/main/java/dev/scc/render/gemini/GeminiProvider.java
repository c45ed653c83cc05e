package dev.scc.render.gemini;

import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.ProviderRenderer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gemini CLI ({@code @google/gemini-cli}) as an SCC provider: everything SCC needs to govern it, in this one module,
 * written only against SCC's public SPIs ({@code dev.scc.core.spi}, {@code dev.scc.core.plan}). It signs in with a
 * Gemini API key; its model traffic goes to the Gemini API (or to the endpoint named by
 * {@code GOOGLE_GEMINI_BASE_URL}), which takes the key in the {@code x-goog-api-key} header.
 */
public final class GeminiProvider implements AgentProvider {
    static final String ID = GeminiRenderer.ID;
    /** The Gemini API: the only host Gemini CLI needs when it signs in with an API key. */
    public static final String API_HOST = "generativelanguage.googleapis.com";
    /** The variable Gemini CLI reads its API key from. */
    public static final String API_KEY_ENV = "GEMINI_API_KEY";
    /** The variable that points Gemini CLI at another Gemini API endpoint (a gateway, a scripted model). */
    public static final String BASE_URL_ENV = "GOOGLE_GEMINI_BASE_URL";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Gemini CLI";
    }

    @Override
    public String coreDestinationSet() {
        return "gemini-core";
    }

    /**
     * Only the API: the rendered system settings select API-key sign-in and turn usage statistics, telemetry and
     * update checks off, so Gemini CLI calls nothing else (measured with 0.61.0).
     */
    @Override
    public List<String> coreHosts() {
        return List.of(API_HOST);
    }

    @Override
    public List<String> credentialEnv() {
        return List.of(API_KEY_ENV);
    }

    @Override
    public Optional<String> credentialHint() {
        return Optional.of("create a Gemini API key in Google AI Studio and export it as " + API_KEY_ENV);
    }

    @Override
    public Optional<ModelApi> modelApi() {
        // The CLI appends /v1beta/models/… to GOOGLE_GEMINI_BASE_URL itself; Gemini API keys have no OAuth form here.
        return Optional.of(new ModelApi("gemini", "plain", URI.create("https://" + API_HOST), "/gemini",
                BASE_URL_ENV, "", new Injection("x-goog-api-key", "raw"), credentialEnv(),
                new Injection("Authorization", "bearer"), List.of()));
    }

    /**
     * Gemini CLI has no variable for its state directory alone: its state is {@code ~/.gemini}, which is where SCC
     * mounts the state volume ({@code /home/agent/.gemini}), so nothing needs to move it. This variable only records
     * that path for the session. ({@code GEMINI_CLI_HOME} would move the whole home, and with it the skills and
     * instructions the renderer places in {@code ~/.gemini}.)
     */
    @Override
    public String stateDirEnv() {
        return "SCC_GEMINI_STATE_DIR";
    }

    /**
     * {@value #BASE_URL_ENV} (the URL without {@code /v1beta}) and the system settings path, so the settings SCC
     * renders are the ones read whatever the image's default.
     */
    @Override
    public Map<String, String> modelEndpointEnv(String url) {
        return Map.of(BASE_URL_ENV, url, GeminiRenderer.SYSTEM_SETTINGS_ENV, GeminiRenderer.SYSTEM_SETTINGS_PATH);
    }

    /** The container is the sandbox: yolo approves every tool call (SCC's hook and policies still judge them). */
    @Override
    public List<String> agentCommand(boolean resume) {
        return resume ? List.of("gemini", "--approval-mode=yolo", "--resume", "latest")
                : List.of("gemini", "--approval-mode=yolo");
    }

    @Override
    public Optional<List<String>> headlessCommand(String prompt) {
        return Optional.of(List.of("gemini", "--approval-mode=yolo", "-p", prompt));
    }

    /** Gemini's {@code BeforeTool} hook speaks SCC's protocol; {@code run_shell_command} is its shell tool. */
    @Override
    public HookFormat hookFormat() {
        return new HookFormat("Gemini", List.of(GeminiRenderer.SHELL_TOOL));
    }

    /**
     * The workspace layer: {@code .gemini/settings.json} (hooks, MCP servers, and a {@code hooksConfig.disabled} list
     * that would switch SCC's system hook off), its policies, commands and extensions.
     */
    @Override
    public List<String> workspaceConfigPaths() {
        return List.of(".gemini");
    }

    @Override
    public ImageRecipe image() {
        return new ImageRecipe("scc-agent-gemini", "dev/scc/render/gemini/image", List.of("Dockerfile",
                "stub-agent.sh"));
    }

    @Override
    public ProviderRenderer renderer() {
        return new GeminiRenderer();
    }

    /** Gemini CLI has no plugins; its extensions are not managed by SCC (their MCP servers meet the allowlist). */
    @Override
    public Optional<String> pluginEnforcementGap() {
        return Optional.of("Gemini CLI has no plugins: blocked plugins are refused by the merge only; Gemini "
                + "extensions are not managed by SCC, but the MCP servers they bring are not started past the rendered "
                + "allowlist");
    }
}
