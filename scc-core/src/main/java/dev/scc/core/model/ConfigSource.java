package dev.scc.core.model;

import java.util.Map;

/** Where a federated team config is fetched from. */
public sealed interface ConfigSource {

    /** A human-readable location, used in messages and as the cache key. */
    String describe();

    /** A file in a GitHub repository (default {@code team-config.json} at the root). */
    record Github(String owner, String repo, String branch, String path, Map<String, String> headers)
            implements ConfigSource {
        public Github {
            headers = Lists.copy(headers);
        }

        @Override
        public String describe() {
            return "github:" + owner + "/" + repo + "@" + branch + ":" + (path.isEmpty() ? "team-config.json" : path);
        }
    }

    /** A file in any git remote. */
    record Git(String url, String branch, String path) implements ConfigSource {
        @Override
        public String describe() {
            return url + "@" + branch + ":" + (path.isEmpty() ? "team-config.json" : path);
        }
    }

    /** A document served over HTTPS. */
    record Url(String url, Map<String, String> headers) implements ConfigSource {
        public Url {
            headers = Lists.copy(headers);
        }

        @Override
        public String describe() {
            return url;
        }
    }

    /** A local file (our extension, for air-gapped orgs and tests). */
    record File(String path) implements ConfigSource {
        @Override
        public String describe() {
            return path;
        }
    }
}
