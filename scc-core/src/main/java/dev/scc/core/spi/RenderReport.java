package dev.scc.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What happened to every plan item: rendered (with the paths that carry it), skipped (with a reason) or blocked
 * (with a reason; the paths that enforce the block, if any). Entries are sorted by key.
 */
public record RenderReport(String provider, List<Entry> entries, List<String> warnings) {

    public RenderReport {
        entries = entries.stream().sorted(Comparator.comparing(Entry::key)).toList();
        warnings = List.copyOf(warnings);
    }

    /** Outcome of one plan item. */
    public enum Status {
        RENDERED,
        SKIPPED,
        BLOCKED
    }

    /** One plan item's outcome. */
    public record Entry(String key, Status status, List<String> paths, String reason) {
        public Entry {
            paths = paths.stream().distinct().sorted().toList();
        }
    }

    public Optional<Entry> entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** Collects entries while a renderer works. */
    public static final class Builder {
        private final String provider;
        private final List<Entry> entries = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        public Builder(String provider) {
            this.provider = provider;
        }

        public Builder rendered(String key, String... paths) {
            entries.add(new Entry(key, Status.RENDERED, List.of(paths), ""));
            return this;
        }

        public Builder skipped(String key, String reason) {
            entries.add(new Entry(key, Status.SKIPPED, List.of(), reason));
            return this;
        }

        public Builder blocked(String key, String reason, String... paths) {
            entries.add(new Entry(key, Status.BLOCKED, List.of(paths), reason));
            return this;
        }

        public Builder warn(String warning) {
            warnings.add(warning);
            return this;
        }

        public RenderReport build() {
            return new RenderReport(provider, entries, warnings);
        }
    }
}
