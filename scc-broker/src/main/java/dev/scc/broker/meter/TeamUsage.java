package dev.scc.broker.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A team's tokens today, summed from the {@code broker.usage} records of the audit log that every session's broker
 * appends to. Reads only what was appended since the last call, so checking before each model call stays cheap; a
 * new UTC day starts from zero. Thread-safe.
 */
public final class TeamUsage implements LongSupplier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path log;
    private final String team;
    private final Clock clock;
    private long offset;
    private LocalDate day;
    private long used;

    public TeamUsage(Path log, String team, Clock clock) {
        this.log = log;
        this.team = team;
        this.clock = clock;
    }

    @Override
    public synchronized long getAsLong() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            used = 0;
            offset = 0;
        }
        if (!Files.exists(log)) {
            return used;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long size = f.length();
            if (size < offset) {
                offset = 0;
                used = 0;
            }
            f.seek(offset);
            byte[] rest = new byte[Math.toIntExact(Math.min(size - offset, Integer.MAX_VALUE - 8))];
            f.readFully(rest);
            int start = 0;
            for (int i = 0; i < rest.length; i++) {
                if (rest[i] == '\n') {
                    count(new String(rest, start, i - start, StandardCharsets.UTF_8), today);
                    start = i + 1;
                }
            }
            offset += start;
        } catch (IOException e) {
            // Cannot tell how much the team used: fail closed.
            return Long.MAX_VALUE;
        }
        return used;
    }

    private void count(String line, LocalDate today) {
        if (!line.contains("\"broker.usage\"")) {
            return;
        }
        try {
            JsonNode n = JSON.readTree(line);
            if (!"broker.usage".equals(n.path("kind").asText()) || !team.equals(n.path("details").path("team").asText())
                    || !today.equals(LocalDate.ofInstant(Instant.parse(n.path("ts").asText()), ZoneOffset.UTC))) {
                return;
            }
            used += n.path("details").path("input_tokens").asLong() + n.path("details").path("output_tokens").asLong();
        } catch (IOException | RuntimeException e) {
            // A damaged line is audit verify's business; it does not count.
        }
    }
}
