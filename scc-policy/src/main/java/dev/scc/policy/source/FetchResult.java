package dev.scc.policy.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated policy document and where it came from. {@code age} is the time since the document was
 * last confirmed by its source (download or 304); zero for local files. Callers refuse
 * security-relevant launches when {@link #isStale(Duration)} holds for their maximum stale age.
 */
public record FetchResult(
        PolicySource source,
        JsonNode document,
        FetchOrigin origin,
        Instant fetchedAt,
        Duration age,
        Optional<String> etag,
        String sha256,
        List<String> warnings) {

    public FetchResult {
        Objects.requireNonNull(source);
        Objects.requireNonNull(document);
        Objects.requireNonNull(origin);
        Objects.requireNonNull(fetchedAt);
        Objects.requireNonNull(age);
        Objects.requireNonNull(etag);
        Objects.requireNonNull(sha256);
        warnings = List.copyOf(warnings);
    }

    /** True when the document is older than {@code maxAge}. */
    public boolean isStale(Duration maxAge) {
        return age.compareTo(maxAge) > 0;
    }

    /** True when the bytes came from the cache without being confirmed by the source just now. */
    public boolean fromCacheOnly() {
        return origin == FetchOrigin.CACHE_FALLBACK || origin == FetchOrigin.OFFLINE_CACHE;
    }
}
