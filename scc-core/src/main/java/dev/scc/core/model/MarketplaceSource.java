package dev.scc.core.model;

import java.util.Map;

/** Where a plugin marketplace comes from; discriminated by the document's {@code source} key. */
public sealed interface MarketplaceSource {

    /** The document's discriminator value. */
    String kind();

    /** A GitHub repository. */
    record Github(String owner, String repo, String branch, String path, Map<String, String> headers)
            implements MarketplaceSource {
        public Github {
            headers = Lists.copy(headers);
        }

        @Override
        public String kind() {
            return "github";
        }
    }

    /** Any git remote ({@code https://} or {@code git@}). */
    record Git(String url, String branch, String path) implements MarketplaceSource {
        @Override
        public String kind() {
            return "git";
        }
    }

    /** A manifest served over HTTPS. */
    record Url(String url, Map<String, String> headers, String materializationMode) implements MarketplaceSource {
        public Url {
            headers = Lists.copy(headers);
        }

        @Override
        public String kind() {
            return "url";
        }
    }

    /** A local directory (absolute, or relative to the org config). */
    record Directory(String path) implements MarketplaceSource {
        @Override
        public String kind() {
            return "directory";
        }
    }
}
