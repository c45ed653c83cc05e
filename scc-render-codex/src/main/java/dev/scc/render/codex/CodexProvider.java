package dev.scc.render.codex;

import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.ProviderRenderer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** OpenAI Codex CLI as an SCC provider. */
public final class CodexProvider implements AgentProvider {
    static final String ID = "codex";
    /** Codex's system layer, where a model endpoint becomes the default model provider. */
    public static final String SYSTEM_CONFIG = "/etc/codex/config.toml";
    static final String ENDPOINT_PROVIDER = "scc-endpoint";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Codex";
    }

    @Override
    public String coreDestinationSet() {
        return "openai-core";
    }

    @Override
    public List<String> coreHosts() {
        return List.of("api.openai.com", "chatgpt.com", "auth.openai.com");
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("OPENAI_API_KEY", "CODEX_API_KEY");
    }

    @Override
    public Optional<ModelApi> modelApi() {
        // Codex reads its key from either variable; the base URL includes /v1.
        return Optional.of(new ModelApi("openai", "openai", URI.create("https://api.openai.com"), "/openai",
                "OPENAI_BASE_URL", "/v1", new Injection("Authorization", "bearer"), credentialEnv(),
                new Injection("Authorization", "bearer"), List.of()));
    }

    @Override
    public String stateDirEnv() {
        return "CODEX_HOME";
    }

    /** Codex's built-in provider reads {@code OPENAI_BASE_URL} (the URL with {@code /v1}). */
    @Override
    public Map<String, String> modelEndpointEnv(String url) {
        return Map.of("OPENAI_BASE_URL", url);
    }

    /**
     * Codex's built-in provider ignores the base-URL variable for the Responses API, so the endpoint becomes a model
     * provider of its own in the system layer ({@value #SYSTEM_CONFIG}: {@code model_provider} plus
     * {@code [model_providers.scc-endpoint]} with {@code wire_api = "responses"}, {@code supports_websockets = false},
     * the key from {@code OPENAI_API_KEY} or {@code CODEX_API_KEY}, whichever the host passes in).
     */
    @Override
    public List<SandboxFile> modelEndpointFiles(String url, List<SandboxFile> files, Map<String, String> hostEnv) {
        List<SandboxFile> out = new ArrayList<>();
        String rendered = "";
        int mode = 0644;
        for (SandboxFile f : files) {
            if (f.containerPath().equals(SYSTEM_CONFIG)) {
                rendered = new String(f.content(), StandardCharsets.UTF_8);
                mode = f.mode();
            } else {
                out.add(f);
            }
        }
        String key = hostEnv.get("OPENAI_API_KEY") != null ? "OPENAI_API_KEY"
                : hostEnv.get("CODEX_API_KEY") != null ? "CODEX_API_KEY" : null;
        // Top-level keys must precede every table, so they go first; the provider's table goes last.
        String toml = "# Model endpoint (scc start --model-endpoint / SCC_MODEL_ENDPOINT)\n"
                + "model_provider = \"" + ENDPOINT_PROVIDER + "\"\n\n" + rendered
                + (rendered.isEmpty() || rendered.endsWith("\n") ? "" : "\n")
                + "\n[model_providers." + ENDPOINT_PROVIDER + "]\n"
                + "name = \"SCC model endpoint\"\n"
                + "base_url = " + tomlString(url) + "\n"
                + (key == null ? "" : "env_key = \"" + key + "\"\n")
                + "wire_api = \"responses\"\n"
                + "supports_websockets = false\n";
        out.add(new SandboxFile(SYSTEM_CONFIG, toml.getBytes(StandardCharsets.UTF_8), mode));
        return out;
    }

    private static String tomlString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Codex resumes with its own subcommand ({@code -c} would mean {@code --config}); the bypass flag is a root-level
     * flag that codex rejects after the subcommand.
     */
    @Override
    public List<String> agentCommand(boolean resume) {
        return resume ? List.of("codex", "--dangerously-bypass-approvals-and-sandbox", "resume", "--last")
                : List.of("codex", "--dangerously-bypass-approvals-and-sandbox");
    }

    @Override
    public Optional<List<String>> headlessCommand(String prompt) {
        return Optional.of(List.of("codex", "--dangerously-bypass-approvals-and-sandbox", "exec", prompt));
    }

    /** Some Codex shell tools pass argv as a list; the protocol accepts both. */
    @Override
    public HookFormat hookFormat() {
        return new HookFormat("Codex", List.of("shell", "exec_command", "local_shell", "container.exec", "Bash"));
    }

    /** The project layer ({@code .codex/config.toml} with its MCP servers, hooks and profiles). */
    @Override
    public List<String> workspaceConfigPaths() {
        return List.of(".codex");
    }

    @Override
    public ImageRecipe image() {
        return new ImageRecipe("scc-agent-codex", "dev/scc/render/codex/image", List.of("Dockerfile",
                "stub-agent.sh"));
    }

    @Override
    public ProviderRenderer renderer() {
        return new CodexRenderer();
    }

    /** Codex has no managed per-plugin block: a user-layer 'codex plugin add' overrides the system config. */
    @Override
    public Optional<String> pluginEnforcementGap() {
        return Optional.of("blocked plugins are left out of the catalogs SCC places, and requirements.toml limits "
                + "marketplaces to the plan's, so another catalog cannot offer them; Codex has no per-plugin block for "
                + "catalogs it manages itself (codex plugin add)");
    }
}
