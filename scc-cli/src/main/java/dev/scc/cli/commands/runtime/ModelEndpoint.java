package dev.scc.cli.commands.runtime;

import dev.scc.core.SccException.Kind;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.merge.Provider;
import dev.scc.core.model.NetworkPosture;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model endpoint a session's agent talks to instead of its provider's own API: {@code scc start
 * --model-endpoint URL}, else the host's {@code SCC_MODEL_ENDPOINT}. The agent reaches it exactly as it reaches the
 * provider's API: through the egress proxy, so its host must be an allowed destination. A governed session never
 * widens egress for it (the org names the gateway in a destination set, or the launch is refused); a standalone
 * session adds the host to its allowed hosts, as {@code --allow} would.
 */
record ModelEndpoint(URI url, String host) {
    static final String ENV = "SCC_MODEL_ENDPOINT";

    /** The endpoint asked for, if any; a URL that is not http(s) with a host is a usage error. */
    static Optional<ModelEndpoint> of(String flag, Map<String, String> env) {
        String raw = flag != null ? flag : env.get(ENV);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String from = flag != null ? "--model-endpoint" : ENV;
        URI u;
        try {
            u = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new GovernanceException(from + " '" + raw + "' is not a URL; expected http(s)://HOST[:PORT][/PATH]", Kind.INVALID);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getUserInfo() != null) {
            throw new GovernanceException(from + " '" + raw + "' is not an http(s) URL with a host (and no user "
                    + "info); expected http(s)://HOST[:PORT][/PATH]", Kind.INVALID);
        }
        return Optional.of(new ModelEndpoint(u, u.getHost().toLowerCase(Locale.ROOT)));
    }

    /** True when {@code allowed} (host names and {@code .suffix} domains) lets the proxy reach this host. */
    boolean allowedBy(Collection<String> allowed) {
        for (String a : allowed) {
            String e = a.toLowerCase(Locale.ROOT);
            if (e.equals(host) || (e.startsWith(".") && (host.endsWith(e) || host.equals(e.substring(1))))) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a governed launch whose egress would not reach the endpoint (nothing is widened for it). */
    void requireAllowed(NetworkPosture posture, Collection<String> allowed) {
        if (posture == NetworkPosture.WEB_EGRESS_ENFORCED && !allowedBy(allowed)) {
            throw new GovernanceException("model endpoint " + url + ": host " + host + " is not an allowed "
                    + "destination of this session, so the proxy would refuse every request to it. Fix: ask the org "
                    + "admin to add " + host + " to a destination set of your team (destination_sets in the org "
                    + "config), or use the provider's own API", Kind.REFUSED);
        }
    }

    /** Codex's system layer, where the endpoint becomes the default model provider. */
    static final String CODEX_CONFIG = "/etc/codex/config.toml";
    static final String CODEX_PROVIDER = "scc-endpoint";

    /**
     * The launch pointed at this endpoint: the provider's base-URL variables in the sandbox, and for Codex (whose
     * built-in provider ignores them for the Responses API) a model provider of its own in the system layer
     * ({@value #CODEX_CONFIG}: {@code model_provider} plus {@code [model_providers.scc-endpoint]} with
     * {@code wire_api = "responses"}, {@code supports_websockets = false}, the key from {@code OPENAI_API_KEY} or
     * {@code CODEX_API_KEY}, whichever the host passes in).
     */
    dev.scc.core.runtime.LaunchSpec applyTo(dev.scc.core.runtime.LaunchSpec spec, Map<String, String> hostEnv) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        Provider.parse(spec.provider()).ifPresent(p -> env.putAll(new java.util.TreeMap<>(p.modelEndpointEnv(
                url.toString()))));
        dev.scc.core.runtime.LaunchSpec out = spec.withEnv(env);
        if (!"codex".equals(spec.provider())) {
            return out;
        }
        java.util.List<dev.scc.core.runtime.SandboxFile> files = new java.util.ArrayList<>();
        String rendered = "";
        int mode = 0644;
        for (dev.scc.core.runtime.SandboxFile f : spec.files()) {
            if (f.containerPath().equals(CODEX_CONFIG)) {
                rendered = new String(f.content(), java.nio.charset.StandardCharsets.UTF_8);
                mode = f.mode();
            } else {
                files.add(f);
            }
        }
        String key = hostEnv.get("OPENAI_API_KEY") != null ? "OPENAI_API_KEY"
                : hostEnv.get("CODEX_API_KEY") != null ? "CODEX_API_KEY" : null;
        // Top-level keys must precede every table, so they go first; the provider's table goes last.
        String toml = "# Model endpoint (scc start --model-endpoint / SCC_MODEL_ENDPOINT)\n"
                + "model_provider = \"" + CODEX_PROVIDER + "\"\n\n" + rendered
                + (rendered.isEmpty() || rendered.endsWith("\n") ? "" : "\n")
                + "\n[model_providers." + CODEX_PROVIDER + "]\n"
                + "name = \"SCC model endpoint\"\n"
                + "base_url = " + tomlString(url.toString()) + "\n"
                + (key == null ? "" : "env_key = \"" + key + "\"\n")
                + "wire_api = \"responses\"\n"
                + "supports_websockets = false\n";
        files.add(new dev.scc.core.runtime.SandboxFile(CODEX_CONFIG, toml.getBytes(
                java.nio.charset.StandardCharsets.UTF_8), mode));
        return out.withFiles(files);
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
}
