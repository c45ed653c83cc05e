package dev.scc.core.spi;

import java.util.List;

/**
 * What {@link RenderWriter#apply} did. Paths are root-relative.
 *
 * @param conflicts files SCC did not touch because a user owns them (reported, never clobbered)
 */
public record WriteResult(List<String> written, List<String> unchanged, List<String> removed, List<Conflict> conflicts) {
    public WriteResult {
        written = List.copyOf(written);
        unchanged = List.copyOf(unchanged);
        removed = List.copyOf(removed);
        conflicts = List.copyOf(conflicts);
    }

    /** A path left alone, and why. */
    public record Conflict(String path, String reason) {}
}
