package dev.scc.broker.config;

import java.net.URI;

/**
 * One brokered destination: where the sandbox's requests arrive on the broker ({@link #route}), where they go
 * ({@link #upstream}, always {@code https}), and which credential is added how.
 *
 * @param name the configured name (shown in explain, audit records and errors)
 * @param kind model API, git host or MCP server
 * @param dialect the API shape used for error bodies and usage ({@code anthropic}, {@code openai}, or plain)
 * @param route the path prefix on the broker, e.g. {@code /anthropic} or {@code /git/github.com}
 * @param upstream the real endpoint, e.g. {@code https://api.anthropic.com}
 * @param credential the name of the credential added
 * @param injection the header and scheme the credential travels in
 */
public record Destination(String name, Kind kind, Dialect dialect, String route, URI upstream, String credential,
        Injection injection) {

    /** What sort of traffic a destination carries. */
    public enum Kind {
        MODEL_API("model-api"), GIT("git"), MCP("mcp");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Which API's conventions apply (error bodies the client displays). */
    public enum Dialect { ANTHROPIC, OPENAI, PLAIN }

    /** How the credential is written into the request. */
    public enum Scheme {
        /** The header's value is the credential itself ({@code x-api-key: …}). */
        RAW,
        /** {@code Bearer <credential>}. */
        BEARER,
        /** {@code Basic base64(username:credential)} (git hosts). */
        BASIC
    }

    /**
     * The header, scheme and (for {@link Scheme#BASIC}) user name.
     */
    public record Injection(String header, Scheme scheme, String username) {
        /** The header value for a credential. */
        public String value(String credential) {
            return switch (scheme) {
                case RAW -> credential;
                case BEARER -> "Bearer " + credential;
                case BASIC -> "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (username + ":" + credential).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            };
        }

        /** How explain shows it, e.g. {@code x-api-key} or {@code Authorization: Bearer}. */
        public String describe() {
            return switch (scheme) {
                case RAW -> header;
                case BEARER -> header + ": Bearer";
                case BASIC -> header + ": Basic (" + username + ")";
            };
        }
    }

    public Destination {
        if (!"https".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("destination '" + name + "': upstream " + upstream
                    + " is not https (the broker forwards only over verified TLS)");
        }
        if (!route.startsWith("/") || route.endsWith("/")) {
            throw new IllegalArgumentException("destination '" + name + "': route " + route
                    + " must start with '/' and not end with '/'");
        }
    }
}
