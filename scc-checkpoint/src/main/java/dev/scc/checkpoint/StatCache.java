package dev.scc.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What the previous checkpoint saw of each file (size, mtime, file key) and the content digest it found: a file
 * whose stat is unchanged is not read again. Entries modified within a second before that scan are not trusted
 * (mtime granularity), like git's racy-clean rule. A cache that does not parse is simply empty.
 */
final class StatCache {
    record Stat(long size, long mtimeNanos, String fileKey, String hash) {}

    final long scanStartNanos;
    private final Map<String, Stat> stats = new HashMap<>();

    StatCache(long scanStartNanos) {
        this.scanStartNanos = scanStartNanos;
    }

    Stat get(String path) {
        return stats.get(path);
    }

    void put(String path, Stat s) {
        stats.put(path, s);
    }

    static StatCache load(Path file) {
        try {
            if (!Files.exists(file)) {
                return new StatCache(Long.MIN_VALUE);
            }
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            StatCache c = new StatCache(Long.parseLong(lines[0].substring("scan ".length())));
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split("\t", 5);
                c.stats.put(Manifest.unescape(f[4]), new Stat(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            return new StatCache(Long.MIN_VALUE);
        }
    }

    void save(Path file, BiConsumer<Path, byte[]> writer) {
        StringBuilder sb = new StringBuilder(stats.size() * 120);
        sb.append("scan ").append(scanStartNanos).append('\n');
        stats.forEach((p, s) -> sb.append(s.size()).append('\t').append(s.mtimeNanos()).append('\t')
                .append(s.fileKey()).append('\t').append(s.hash()).append('\t').append(Manifest.escape(p)).append('\n'));
        writer.accept(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
