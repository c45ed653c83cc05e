package dev.scc.policy.exception;

import java.time.Instant;
import java.util.List;

/**
 * What one store holds right now: its entries (valid ones only) and warnings about anything skipped
 * (corrupt file backed up, newer schema ignored, malformed entries).
 */
public record StoreSnapshot(String file, StoreKind kind, List<LocalException> entries, List<String> warnings) {
    public StoreSnapshot {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** Entries whose expiry lies after {@code now}. */
    public List<LocalException> active(Instant now) {
        return entries.stream().filter(e -> e.isActive(now)).toList();
    }

    /** Entries that are expired or whose expiry cannot be parsed. */
    public List<LocalException> expired(Instant now) {
        return entries.stream().filter(e -> !e.isActive(now)).toList();
    }
}
