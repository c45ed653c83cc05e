package dev.scc.policy.exception;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a local exception store, as read. {@code expiresAt} and {@code createdAt} are the stored
 * strings (RFC 3339); an entry whose expiry cannot be parsed counts as expired (fail closed).
 */
public record LocalException(
        String id,
        String reason,
        List<String> allowPlugins,
        List<String> allowMcpServers,
        String expiresAt,
        ExceptionScope scope,
        StoreKind source,
        String createdAt) {

    public LocalException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        allowPlugins = List.copyOf(allowPlugins);
        allowMcpServers = List.copyOf(allowMcpServers);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The parsed expiry, or empty when {@link #expiresAt} is not a valid RFC 3339 date-time. */
    public Optional<Instant> expiry() {
        return Ttl.parseTimestamp(expiresAt);
    }

    /** Active means: expiry parses and lies strictly after {@code now}. */
    public boolean isActive(Instant now) {
        return expiry().map(e -> e.isAfter(now)).orElse(false);
    }
}
