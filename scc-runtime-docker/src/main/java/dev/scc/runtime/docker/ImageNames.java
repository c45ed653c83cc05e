package dev.scc.runtime.docker;

import java.util.Objects;

/** The image references the runtime builds and runs. */
public record ImageNames(String base, String proxy, String agentPrefix) {
    public static final ImageNames DEFAULT = new ImageNames("scc-base:latest", "scc-egress-proxy:latest", "scc-agent-");

    public ImageNames {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(agentPrefix, "agentPrefix");
    }

    /** {@code scc-agent-<provider>:latest} (with this record's prefix). */
    public String agent(String provider) {
        return agentPrefix + provider + ":latest";
    }
}
