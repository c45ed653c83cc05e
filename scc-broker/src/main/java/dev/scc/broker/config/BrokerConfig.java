package dev.scc.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.broker.config.Destination.Dialect;
import dev.scc.broker.config.Destination.Injection;
import dev.scc.broker.config.Destination.Kind;
import dev.scc.broker.config.Destination.Scheme;
import dev.scc.broker.credential.CredentialSource;
import dev.scc.broker.git.PushPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What one session's broker does, read from the org document ({@code broker}, {@code security.safety_net},
 * {@code defaults.session.token_budget}, the team profile's {@code session.token_budget} and
 * {@code team_token_budget}). Credential sources are only described here; they are read on the host at launch.
 *
 * @param credentials credential name to its host source
 * @param destinations the brokered destinations
 * @param caBundle extra CA certificates trusted for upstream TLS
 * @param maxRequestBytes largest request body forwarded
 * @param sessionBudget tokens one session may use
 * @param teamBudget tokens the team may use per UTC day
 * @param team the team ({@code ""} standalone)
 * @param push what pushes may do
 */
public record BrokerConfig(Map<String, CredentialSource> credentials, List<Destination> destinations,
        Optional<Path> caBundle, long maxRequestBytes, OptionalLong sessionBudget, OptionalLong teamBudget, String team,
        PushPolicy push) {
    /** Default request body limit: large enough for a big push, small enough to stop a runaway upload. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 2L * 1024 * 1024 * 1024;
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    public BrokerConfig {
        credentials = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
        destinations = List.copyOf(destinations);
    }

    /** True if the org brokers anything. */
    public boolean enabled() {
        return !destinations.isEmpty();
    }

    /**
     * Reads the broker settings for {@code team} from an org document that already passed schema validation (so
     * only what the schema cannot say is checked here).
     *
     * @param file the document's name, for messages
     * @param env the host environment ({@code HOME} expands {@code ~/} in file paths)
     * @throws BrokerConfigException naming the key path when a value cannot be used
     */
    public static BrokerConfig fromOrg(String file, JsonNode org, Optional<String> team, Map<String, String> env) {
        JsonNode broker = org.path("broker");
        Map<String, CredentialSource> creds = new LinkedHashMap<>();
        Map<String, Boolean> oauth = new LinkedHashMap<>();
        JsonNode c = broker.path("credentials");
        for (var it = c.fields(); it.hasNext(); ) {
            var e = it.next();
            String at = dev.scc.policy.schema.JsonPaths.child("$.broker.credentials", e.getKey());
            creds.put(e.getKey(), source(file, at, e.getValue(), env));
            String auth = e.getValue().path("auth").asText("");
            oauth.put(e.getKey(), "oauth".equals(auth)
                    || (auth.isEmpty() && ProviderDefaults.isOauthVariable(e.getValue().path("env").asText(""))));
        }
        List<Destination> dests = new ArrayList<>();
        JsonNode ds = broker.path("destinations");
        for (int i = 0; i < ds.size(); i++) {
            String at = "$.broker.destinations[" + i + "]";
            JsonNode d = ds.get(i);
            String credential = d.path("credential").asText();
            if (!creds.containsKey(credential)) {
                throw new BrokerConfigException(file + ": " + at + ".credential: credential '" + credential
                        + "' is not declared under broker.credentials (declared: " + creds.keySet() + ")");
            }
            dests.add(destination(file, at, d, oauth.get(credential)));
        }
        Optional<Path> ca = broker.has("ca_bundle")
                ? Optional.of(expand(broker.path("ca_bundle").asText(), env)) : Optional.empty();
        long max = broker.path("max_request_bytes").asLong(DEFAULT_MAX_REQUEST_BYTES);

        JsonNode profile = team.map(t -> org.path("profiles").path(t)).orElse(com.fasterxml.jackson.databind.node
                .MissingNode.getInstance());
        OptionalLong session = longAt(profile.path("session").path("token_budget"));
        if (session.isEmpty()) {
            session = longAt(org.path("defaults").path("session").path("token_budget"));
        }
        OptionalLong teamBudget = longAt(profile.path("team_token_budget"));

        JsonNode net = org.path("security").path("safety_net");
        List<String> protectedBranches = net.has("protected_branches") ? strings(net.path("protected_branches"))
                : PushPolicy.DEFAULT_PROTECTED;
        Set<String> approval = new LinkedHashSet<>(strings(net.path("require_approval")));
        return new BrokerConfig(creds, dests, ca, max, session, teamBudget, team.orElse(""),
                new PushPolicy(protectedBranches, approval));
    }

    private static CredentialSource source(String file, String at, JsonNode n, Map<String, String> env) {
        int kinds = (n.has("env") ? 1 : 0) + (n.has("file") ? 1 : 0) + (n.has("command") ? 1 : 0);
        if (kinds != 1) {
            throw new BrokerConfigException(file + ": " + at + ": expected exactly one of env, file, command (found "
                    + kinds + ")");
        }
        if (n.has("env")) {
            return new CredentialSource.Env(n.path("env").asText());
        }
        if (n.has("file")) {
            return new CredentialSource.File(expand(n.path("file").asText(), env));
        }
        Duration timeout = n.has("timeout_seconds") ? Duration.ofSeconds(n.path("timeout_seconds").asLong())
                : DEFAULT_COMMAND_TIMEOUT;
        return new CredentialSource.Command(strings(n.path("command")), timeout);
    }

    private static Destination destination(String file, String at, JsonNode d, boolean oauth) {
        String name = d.path("name").asText();
        String type = d.path("type").asText();
        String credential = d.path("credential").asText();
        try {
            Optional<URI> upstream = d.has("upstream") ? Optional.of(URI.create(d.path("upstream").asText()))
                    : Optional.empty();
            Optional<Injection> explicit = injection(file, at, d);
            switch (type) {
                case "model-api": {
                    ProviderDefaults p = ProviderDefaults.find(d.path("provider").asText())
                            .orElseThrow(() -> new BrokerConfigException(file + ": " + at + ".provider: expected"
                                    + " " + ProviderDefaults.describeIds()));
                    return p.destination(name, credential, upstream,
                            explicit.orElse(oauth ? p.oauth() : p.apiKey()));
                }
                case "git": {
                    URI up = upstream.orElseGet(() -> URI.create("https://" + d.path("host").asText()));
                    // The route names the host the sandbox asked for; the upstream may be a mirror or a test server.
                    String host = d.path("host").asText(up.getHost());
                    return new Destination(name, Kind.GIT, Dialect.PLAIN, "/git/" + host, up, credential,
                            explicit.orElse(ProviderDefaults.GIT_BASIC));
                }
                case "mcp":
                    return new Destination(name, Kind.MCP, Dialect.PLAIN, "/mcp/" + name, upstream.orElseThrow(
                            () -> new BrokerConfigException(file + ": " + at + ".upstream: an mcp destination needs"
                                    + " its https:// URL")), credential,
                            explicit.orElse(new Injection("Authorization", Scheme.BEARER, "")));
                default:
                    throw new BrokerConfigException(file + ": " + at + ".type: expected model-api, git or mcp, got '"
                            + type + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new BrokerConfigException(file + ": " + at + ": " + e.getMessage());
        }
    }

    private static Optional<Injection> injection(String file, String at, JsonNode d) {
        if (!d.has("header") && !d.has("scheme")) {
            return Optional.empty();
        }
        Scheme scheme = Scheme.valueOf(d.path("scheme").asText("raw").toUpperCase(Locale.ROOT));
        String header = d.path("header").asText("Authorization");
        String user = d.path("username").asText(scheme == Scheme.BASIC ? "x-access-token" : "");
        return Optional.of(new Injection(header, scheme, user));
    }

    private static OptionalLong longAt(JsonNode n) {
        return n.canConvertToLong() && n.isIntegralNumber() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Path expand(String p, Map<String, String> env) {
        if (p.startsWith("~/") && env.containsKey("HOME")) {
            return Path.of(env.get("HOME"), p.substring(2));
        }
        return Path.of(p);
    }
}
