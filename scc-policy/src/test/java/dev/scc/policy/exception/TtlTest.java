package dev.scc.policy.exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TtlTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void parsesMinutesHoursDays() {
        assertThat(Ttl.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Ttl.parse("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Ttl.parse("1d")).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8", "h", "8x", "-1h", "1.5h", "8 h", "0h"})
    void rejectsMalformedTtl(String ttl) {
        assertThatThrownBy(() -> Ttl.parse(ttl)).isInstanceOf(ExceptionStoreException.class);
    }

    @Test
    void defaultIsEightHours() {
        assertThat(Ttl.localExpiry(Optional.empty(), Optional.empty(), NOW)).isEqualTo(NOW.plus(Duration.ofHours(8)));
    }

    @Test
    void localOverridesLastAtMost24Hours() {
        assertThat(Ttl.localExpiry(Optional.of("24h"), Optional.empty(), NOW)).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> Ttl.localExpiry(Optional.of("25h"), Optional.empty(), NOW)).hasMessageContaining("24h");
        assertThatThrownBy(() -> Ttl.localExpiry(Optional.of("2d"), Optional.empty(), NOW)).hasMessageContaining("24h");
        assertThatThrownBy(() -> Ttl.localExpiry(Optional.empty(), Optional.of("2026-03-03T12:00:00Z"), NOW)).hasMessageContaining("24h");
    }

    @Test
    void expiresAtMustBeFutureRfc3339WithOffset() {
        assertThat(Ttl.localExpiry(Optional.empty(), Optional.of("2026-03-01T14:00:00+01:00"), NOW))
                .isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
        assertThatThrownBy(() -> Ttl.localExpiry(Optional.empty(), Optional.of("2026-03-01T11:00:00Z"), NOW)).hasMessageContaining("future");
        assertThatThrownBy(() -> Ttl.localExpiry(Optional.empty(), Optional.of("2026-03-01T13:00:00"), NOW)).hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> Ttl.localExpiry(Optional.of("1h"), Optional.of("2026-03-01T13:00:00Z"), NOW))
                .hasMessageContaining("mutually exclusive");
    }

    @Test
    void unparseableTimestampIsEmpty() {
        assertThat(Ttl.parseTimestamp("2026-03-01t12:00:00z")).contains(NOW);
        assertThat(Ttl.parseTimestamp("tomorrow")).isEmpty();
    }
}
