package dev.scc.app.launch;

import dev.scc.core.SccException.Kind;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model endpoint a session's agent talks to instead of its provider's own API: {@code scc start
 * --model-endpoint URL} ({@link GovernedSessions.LaunchOptions#modelEndpoint}), else the host's {@code SCC_MODEL_ENDPOINT}. The agent reaches it exactly as it reaches the
 * provider's API: through the egress proxy, so its host must be an allowed destination. A governed session never
 * widens egress for it (the org names the gateway in a destination set, or the launch is refused); a standalone
 * session adds the host to its allowed hosts, as {@code --allow} would.
 */
public record ModelEndpoint(URI url, String host) {
    /** The host variable naming the endpoint when no flag does. */
    public static final String ENV = "SCC_MODEL_ENDPOINT";

    /** The endpoint asked for, if any; a URL that is not http(s) with a host is a usage error. */
    public static Optional<ModelEndpoint> of(String flag, Map<String, String> env) {
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
    public boolean allowedBy(Collection<String> allowed) {
        for (String a : allowed) {
            String e = a.toLowerCase(Locale.ROOT);
            if (e.equals(host) || (e.startsWith(".") && (host.endsWith(e) || host.equals(e.substring(1))))) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a governed launch whose egress would not reach the endpoint (nothing is widened for it). */
    public void requireAllowed(NetworkPosture posture, Collection<String> allowed) {
        if (posture == NetworkPosture.WEB_EGRESS_ENFORCED && !allowedBy(allowed)) {
            throw new GovernanceException("model endpoint " + url + ": host " + host + " is not an allowed "
                    + "destination of this session, so the proxy would refuse every request to it. Fix: ask the org "
                    + "admin to add " + host + " to a destination set of your team (destination_sets in the org "
                    + "config), or use the provider's own API", Kind.REFUSED);
        }
    }

    /**
     * The launch pointed at this endpoint: the provider's base-URL variables in the sandbox
     * ({@link AgentProvider#modelEndpointEnv}), and the sandbox files the provider rewrites for it
     * ({@link AgentProvider#modelEndpointFiles}: an agent whose CLI ignores the variables for some APIs gets a model
     * provider of its own in its system layer).
     */
    public dev.scc.core.runtime.LaunchSpec applyTo(dev.scc.core.runtime.LaunchSpec spec, Map<String, String> hostEnv) {
        return applyTo(AgentProviderRegistry.load(), spec, hostEnv);
    }

    public dev.scc.core.runtime.LaunchSpec applyTo(AgentProviderRegistry providers, dev.scc.core.runtime.LaunchSpec spec,
            Map<String, String> hostEnv) {
        Optional<AgentProvider> provider = providers.find(spec.provider());
        if (provider.isEmpty()) {
            return spec;
        }
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putAll(new java.util.TreeMap<>(provider.get().modelEndpointEnv(url.toString())));
        return spec.withEnv(env).withFiles(provider.get().modelEndpointFiles(url.toString(), spec.files(), hostEnv));
    }
}
