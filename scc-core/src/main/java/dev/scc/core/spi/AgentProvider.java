package dev.scc.core.spi;

import dev.scc.core.runtime.SandboxFile;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything SCC needs to know about one coding agent (Claude Code, Codex, …), shipped in that agent's module and
 * found through {@link AgentProviderRegistry}. Core, policy, the runtime and the CLI name no agent: they ask the
 * registry for the provider with the id the user or the org chose and read these declarations.
 *
 * <p>A provider module contains an implementation of this interface, its {@link ProviderRenderer}, the image recipe
 * (a Dockerfile directory as a class-path resource, see {@link ImageRecipe}) and two {@code META-INF/services}
 * entries: {@code dev.scc.core.spi.AgentProvider} and {@code dev.scc.core.spi.ProviderRenderer}.
 *
 * <p>Contract: every method is a pure function of its arguments (no I/O, no clock), so a provider can be asked
 * anything at any time, including while {@code scc --help} is being printed. {@link #id()} is the same string as
 * {@link #renderer()}{@code .id()} and as the id in the org config's {@code allowed_providers}.
 */
public interface AgentProvider {
    /** The SPI level this build of SCC implements; providers built against another level are refused. */
    int SPI_LEVEL = 1;

    /** The SPI level this provider was built against. */
    default int spiLevel() {
        return SPI_LEVEL;
    }

    /** The stable id ({@code [a-z][a-z0-9-]*}), used in configs, flags, labels and volume names. */
    String id();

    /** The agent's name as a user knows it, for help and messages (e.g. {@code Claude Code}). */
    String displayName();

    /** The name of the provider's built-in destination set (e.g. {@code anthropic-core}). */
    String coreDestinationSet();

    /**
     * The hosts the agent needs to work at all (API, sign-in, the vendor's own telemetry), added to egress
     * automatically. Third-party error reporting does not belong here: turn it off with {@link #quietEnv()}.
     */
    List<String> coreHosts();

    /**
     * The host variables that sign the agent in, passed into its sandbox when set (an API key, a long-lived token).
     * Without one the agent signs in inside the sandbox.
     */
    List<String> credentialEnv();

    /** A hint shown by {@code scc doctor} when no credential variable is set, beyond naming the variables. */
    default Optional<String> credentialHint() {
        return Optional.empty();
    }

    /** Where the credential broker sends the agent's model traffic and how it adds the credential; empty: none. */
    default Optional<ModelApi> modelApi() {
        return Optional.empty();
    }

    /**
     * Variables that keep the agent from calling hosts outside {@link #coreHosts()} (error reporting), set in its
     * sandbox whenever egress is not open.
     */
    default Map<String, String> quietEnv() {
        return Map.of();
    }

    /**
     * The variable naming the agent's own state directory (sign-in, settings, history); the runtime keeps that
     * directory on a volume and sets the variable to the volume's path.
     */
    String stateDirEnv();

    /**
     * The sandbox variables that point the agent at a model endpoint other than the provider's own API (a gateway,
     * a test's scripted model): the base-URL variable the agent reads, plus whatever keeps the agent from also
     * calling the provider's other services.
     */
    Map<String, String> modelEndpointEnv(String url);

    /**
     * The sandbox files of a launch pointed at a model endpoint, given the files the launch already places
     * ({@code files}: rendered native files, the safety policy) and the host environment. Most agents need only
     * {@link #modelEndpointEnv}; one whose CLI ignores the variables for some APIs rewrites its system config here.
     * The default returns {@code files} unchanged.
     */
    default List<SandboxFile> modelEndpointFiles(String url, List<SandboxFile> files, Map<String, String> hostEnv) {
        return files;
    }

    /**
     * The interactive command line run in the sandbox (the container is the sandbox, so the agent's own permission
     * prompts are bypassed); {@code resume} continues the latest conversation of the workspace.
     */
    List<String> agentCommand(boolean resume);

    /** The non-interactive command for one prompt; empty when the agent has no such mode. */
    default Optional<List<String>> headlessCommand(String prompt) {
        return Optional.empty();
    }

    /** How the agent calls SCC's safety hook and reads its answer; see {@link HookFormat}. */
    HookFormat hookFormat();

    /**
     * The workspace files and directories this agent trusts or executes when it, or its user on the host, next works in
     * the workspace (its project settings with their hooks and MCP servers, e.g. {@code .claude}, {@code .mcp.json}):
     * workspace-relative, {@code /}-separated, no {@code .} or {@code ..}. A governed session mounts them read-only
     * ({@link dev.scc.core.runtime.WorkspaceProtection#forProviders}), so an agent cannot plant a hook or a server that
     * another agent, or a later session, would run. The provider contract asserts a provider declares some; the
     * default, none, is only for providers built before this method existed.
     */
    default List<String> workspaceConfigPaths() {
        return List.of();
    }

    /** The Dockerfile directory the agent's image is built from. */
    ImageRecipe image();

    /** The renderer that writes this agent's native configuration. */
    ProviderRenderer renderer();

    /**
     * How strongly this provider is the default when neither the user nor the org chose one and several are allowed:
     * the highest positive rank among the allowed providers wins, a tie or no positive rank means the user is asked.
     * SCC's own Claude Code provider has rank 1 (it was the default before providers were plug-ins); others 0.
     */
    default int defaultRank() {
        return 0;
    }

    /**
     * What this agent cannot enforce about plugins, when it enforces less than a managed per-plugin block (shown by
     * {@code scc config explain} as "partially enforced"); empty: blocked plugins are enforced by the agent CLI.
     */
    default Optional<String> pluginEnforcementGap() {
        return Optional.empty();
    }

    /**
     * The hook protocol SCC's safety hook speaks: the agent runs {@code scc safety hook <id>} before a tool call with
     * a JSON object on stdin ({@code tool_name}, {@code tool_input.command} as a string or an argv list,
     * {@code cwd}); exit 0 allows, exit 2 with a reason on stderr denies. Claude Code and Codex
     * ({@code PreToolUse}) and Gemini CLI ({@code BeforeTool}) all speak it. What differs between agents is data:
     * the label their messages carry and which tool names run shell commands (other tools are allowed). SCC writes
     * the formats of the installed providers into the sandbox ({@code /etc/scc/hook-formats.json}), so the in-sandbox
     * engine stays free of dependencies and learns new agents without a new build.
     *
     * @param label the prefix of the hook's messages (e.g. {@code Claude})
     * @param shellTools the tool names whose {@code tool_input.command} the engine judges
     */
    record HookFormat(String label, List<String> shellTools) {
        public HookFormat {
            Objects.requireNonNull(label, "label");
            shellTools = List.copyOf(shellTools);
        }
    }

    /**
     * The agent image's recipe: a directory on the provider's class path (a Dockerfile and the files it copies)
     * that {@code scc image build} stages and builds {@code FROM} SCC's base image.
     *
     * @param name the image directory's name, also the image name ({@code scc-agent-<id>})
     * @param resource the class-path directory holding the Dockerfile, e.g. {@code dev/scc/render/claude/image}
     * @param files the files in that directory (class-path directories cannot be listed inside a jar)
     */
    record ImageRecipe(String name, String resource, List<String> files) {
        public ImageRecipe {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(resource, "resource");
            files = List.copyOf(files);
            if (!files.contains("Dockerfile")) {
                throw new IllegalArgumentException("image recipe " + name + " lists no Dockerfile");
            }
        }
    }

    /**
     * The provider's model API as the credential broker sees it: where it forwards, how it adds the credential, and
     * which sandbox variables point the agent at the broker (the base URL) and hold the placeholder it swaps.
     *
     * @param brokerId the name org configs use in {@code broker.destinations[].provider} (e.g. {@code anthropic})
     * @param dialect the API's conventions for error bodies ({@code anthropic}, {@code openai}, {@code plain})
     * @param upstream the real endpoint, {@code https}
     * @param route the path prefix on the broker (e.g. {@code /anthropic})
     * @param baseUrlEnv the variable the agent reads its API base URL from
     * @param baseUrlSuffix appended to the broker's route in {@code baseUrlEnv} (e.g. {@code /v1}, or empty)
     * @param apiKey how an API key travels
     * @param apiKeyVariables the variables that get the placeholder of an API key
     * @param oauth how an OAuth token travels
     * @param oauthVariables the variables that get the placeholder of an OAuth token (empty: the agent has none;
     *        a credential read from one of them is an OAuth token)
     */
    record ModelApi(String brokerId, String dialect, URI upstream, String route, String baseUrlEnv,
            String baseUrlSuffix, Injection apiKey, List<String> apiKeyVariables, Injection oauth,
            List<String> oauthVariables) {
        public ModelApi {
            Objects.requireNonNull(brokerId, "brokerId");
            Objects.requireNonNull(upstream, "upstream");
            apiKeyVariables = List.copyOf(apiKeyVariables);
            oauthVariables = List.copyOf(oauthVariables);
        }
    }

    /**
     * How a credential is written into a request.
     *
     * @param header the header name
     * @param scheme {@code raw} (the value itself), {@code bearer} or {@code basic}
     */
    record Injection(String header, String scheme) {}
}
