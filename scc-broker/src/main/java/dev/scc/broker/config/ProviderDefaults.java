package dev.scc.broker.config;

import dev.scc.broker.config.Destination.Dialect;
import dev.scc.broker.config.Destination.Injection;
import dev.scc.broker.config.Destination.Kind;
import dev.scc.broker.config.Destination.Scheme;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What each provider declares about its own credentials, so an org only names the credential: the upstream, the
 * route on the broker, the header and scheme (Anthropic API keys in {@code x-api-key}, Anthropic OAuth tokens as
 * {@code Authorization: Bearer}, OpenAI keys as bearer), and the environment variable the agent reads (which gets
 * the placeholder). Git hosts default to GitHub's convention, Basic with user {@code x-access-token}.
 *
 * @param id the provider id ({@code anthropic}, {@code openai}) as used in {@code broker.destinations[].provider}
 * @param agent the agent that talks to it ({@code claude}, {@code codex})
 */
public record ProviderDefaults(String id, String agent, Dialect dialect, URI upstream, String route,
        Injection apiKey, Injection oauth, List<String> placeholderVariables) {

    public static final ProviderDefaults ANTHROPIC = new ProviderDefaults("anthropic", "claude", Dialect.ANTHROPIC,
            URI.create("https://api.anthropic.com"), "/anthropic", new Injection("x-api-key", Scheme.RAW, ""),
            new Injection("Authorization", Scheme.BEARER, ""), List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"));
    public static final ProviderDefaults OPENAI = new ProviderDefaults("openai", "codex", Dialect.OPENAI,
            URI.create("https://api.openai.com"), "/openai", new Injection("Authorization", Scheme.BEARER, ""),
            new Injection("Authorization", Scheme.BEARER, ""), List.of("OPENAI_API_KEY", "CODEX_API_KEY"));
    /** GitHub and most git hosts: the token as the password of HTTP Basic. */
    public static final Injection GIT_BASIC = new Injection("Authorization", Scheme.BASIC, "x-access-token");

    public static final List<ProviderDefaults> ALL = List.of(ANTHROPIC, OPENAI);

    /** The provider with this id or agent name. */
    public static Optional<ProviderDefaults> find(String idOrAgent) {
        return ALL.stream().filter(p -> p.id.equals(idOrAgent) || p.agent.equals(idOrAgent)).findFirst();
    }

    /** The injection for a credential value: OAuth tokens ({@code sk-ant-oat…}) use the OAuth header. */
    public Injection injectionFor(String credentialValue) {
        return credentialValue.startsWith("sk-ant-oat") ? oauth : apiKey;
    }

    /** A destination with these defaults. */
    public Destination destination(String name, String credential, Optional<URI> upstreamOverride,
            Injection injection) {
        return new Destination(name, Kind.MODEL_API, dialect, route, upstreamOverride.orElse(upstream), credential,
                injection);
    }
}
