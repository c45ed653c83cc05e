package dev.scc.policy.exception;

import java.util.List;
import java.util.Optional;

/**
 * A request to create a local exception: targets, the mandatory reason, and at most one of a TTL
 * ({@code 8h}) or an explicit RFC 3339 expiry. Neither means the default 8h.
 */
public record NewException(
        List<String> allowPlugins,
        List<String> allowMcpServers,
        String reason,
        Optional<String> ttl,
        Optional<String> expiresAt,
        Optional<String> createdBy) {
    public NewException {
        allowPlugins = List.copyOf(allowPlugins);
        allowMcpServers = List.copyOf(allowMcpServers);
    }
}
