package dev.scc.broker.config;

import dev.scc.broker.config.Destination.Dialect;
import dev.scc.broker.config.Destination.Injection;
import dev.scc.broker.config.Destination.Kind;
import dev.scc.broker.config.Destination.Scheme;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What each installed provider declares about its model API ({@link AgentProvider#modelApi()}), so an org only names
 * the credential: the upstream, the route on the broker, the header and scheme, and the variables the agent reads
 * (its base URL, and the key or token variables that get the placeholder). Git hosts default to GitHub's convention,
 * Basic with user {@code x-access-token}.
 *
 * @param id the model API's broker name (e.g. {@code anthropic}) as used in {@code broker.destinations[].provider}
 * @param agent the id of the provider whose agent talks to it
 */
public record ProviderDefaults(String id, String agent, Dialect dialect, URI upstream, String route,
        String baseUrlEnv, String baseUrlSuffix, Injection apiKey, List<String> apiKeyVariables, Injection oauth,
        List<String> oauthVariables) {

    /** GitHub and most git hosts: the token as the password of HTTP Basic. */
    public static final Injection GIT_BASIC = new Injection("Authorization", Scheme.BASIC, "x-access-token");

    public ProviderDefaults {
        apiKeyVariables = List.copyOf(apiKeyVariables);
        oauthVariables = List.copyOf(oauthVariables);
    }

    /** The defaults a provider declares; empty when its agent has no model API the broker can front. */
    public static Optional<ProviderDefaults> of(AgentProvider p) {
        return p.modelApi().map(api -> new ProviderDefaults(api.brokerId(), p.id(),
                Dialect.valueOf(api.dialect().toUpperCase(Locale.ROOT)), api.upstream(), api.route(), api.baseUrlEnv(),
                api.baseUrlSuffix(), injection(api.apiKey()), api.apiKeyVariables(), injection(api.oauth()),
                api.oauthVariables()));
    }

    private static Injection injection(AgentProvider.Injection i) {
        return new Injection(i.header(), Scheme.valueOf(i.scheme().toUpperCase(Locale.ROOT)), "");
    }

    /** The defaults of every installed provider that declares a model API, by provider id. */
    public static List<ProviderDefaults> all() {
        return AgentProviderRegistry.load().all().stream().flatMap(p -> of(p).stream()).toList();
    }

    /** The provider with this model API name or agent (provider id). */
    public static Optional<ProviderDefaults> find(String idOrAgent) {
        return all().stream().filter(p -> p.id.equals(idOrAgent) || p.agent.equals(idOrAgent)).findFirst();
    }

    /** The model API names the installed providers declare, for errors ({@code a or b}). */
    public static String describeIds() {
        List<String> ids = all().stream().map(ProviderDefaults::id).sorted().toList();
        return ids.isEmpty() ? "(no installed provider declares a model API)" : String.join(" or ", ids);
    }

    /** Whether a credential read from {@code variable} is an OAuth token for some installed provider. */
    public static boolean isOauthVariable(String variable) {
        return all().stream().anyMatch(p -> p.oauthVariables.contains(variable));
    }

    /**
     * The variables that get the placeholder for a destination using {@code injection}: the OAuth ones when the
     * destination adds the credential as an OAuth token and the agent has OAuth variables, else the API-key ones.
     */
    public List<String> placeholderVariables(Injection injection) {
        return !oauthVariables.isEmpty() && injection.equals(oauth) && !oauth.equals(apiKey) ? oauthVariables
                : apiKeyVariables;
    }

    /** A destination with these defaults. */
    public Destination destination(String name, String credential, Optional<URI> upstreamOverride,
            Injection injection) {
        return new Destination(name, Kind.MODEL_API, dialect, route, upstreamOverride.orElse(upstream), credential,
                injection);
    }
}
