package dev.scc.core.model;

import java.util.List;

/** A named set of egress destinations (host names or {@code *.domain} wildcards) in the org's catalog. */
public record DestinationSet(String name, String description, List<String> hosts) {
    public DestinationSet {
        hosts = Lists.copy(hosts);
    }
}
