package dev.scc.policy.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Where a policy document comes from: a local file or an HTTPS URL (possibly from a shorthand). */
public sealed interface PolicySource permits PolicySource.LocalFile, PolicySource.Remote {

    /** The text the user gave (path, URL or shorthand). */
    String original();

    /** How the document is named in messages: the path or the URL. */
    String displayName();

    /** A local file; read directly, never cached. */
    record LocalFile(Path path, String original) implements PolicySource {
        public LocalFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(original);
        }

        @Override
        public String displayName() {
            return path.toString();
        }
    }

    /**
     * A remote document fetched over HTTPS and cached by URL. {@code headers} are extra request headers
     * (from a team {@code config_source}); values may contain {@code ${VAR}} references, expanded from
     * the environment at fetch time, and are sent only to the URL's own host.
     */
    record Remote(URI url, Host host, String original, Map<String, String> headers) implements PolicySource {
        public Remote {
            Objects.requireNonNull(url);
            Objects.requireNonNull(host);
            Objects.requireNonNull(original);
            headers = Map.copyOf(headers);
        }

        /** A remote source without extra headers. */
        public Remote(URI url, Host host, String original) {
            this(url, host, original, Map.of());
        }

        @Override
        public String displayName() {
            return url.toString();
        }

        @Override
        public String toString() {
            // Header values may hold secrets; never print them.
            return "Remote[url=" + url + ", host=" + host + ", headers=" + headers.keySet() + "]";
        }
    }

    /** Which forge a remote URL belongs to; decides which token environment variable applies. */
    enum Host {
        /** {@code github:} shorthand (raw.githubusercontent.com). */
        GITHUB,
        /** {@code gitlab:} or {@code <host>:} shorthand (GitLab raw URLs). */
        GITLAB,
        /** Any other {@code https://} URL. */
        OTHER
    }
}
