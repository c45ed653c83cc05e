package dev.scc.policy.exception;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expiry rules for local exceptions: {@code --ttl} is {@code <digits><m|h|d>} (default 8h), an explicit
 * {@code --expires-at} is an RFC 3339 date-time with an offset; both must land in the future and, for
 * local overrides, at most 24 hours ahead.
 */
public final class Ttl {
    /** The TTL used when neither {@code --ttl} nor {@code --expires-at} is given. */
    public static final Duration DEFAULT = Duration.ofHours(8);
    /** The longest a local override may last. */
    public static final Duration MAX_LOCAL = Duration.ofHours(24);

    private static final Pattern TTL = Pattern.compile("^(\\d{1,9})([mhd])$");

    private Ttl() {}

    /** Parses {@code 30m}, {@code 8h}, {@code 1d}. */
    public static Duration parse(String text) {
        Matcher m = TTL.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ExceptionStoreException("", "invalid TTL '" + text + "'", "a number followed by m, h or d, e.g. 8h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new ExceptionStoreException("", "TTL must be positive: '" + text + "'", "a TTL of at least 1m");
        }
        return d;
    }

    /**
     * Computes the expiry of a new local override.
     *
     * @param ttl {@code --ttl} value, if given
     * @param expiresAt {@code --expires-at} value, if given (mutually exclusive with ttl)
     */
    public static Instant localExpiry(Optional<String> ttl, Optional<String> expiresAt, Instant now) {
        if (ttl.isPresent() && expiresAt.isPresent()) {
            throw new ExceptionStoreException("", "--ttl and --expires-at are mutually exclusive", "one of them");
        }
        Instant expiry;
        if (expiresAt.isPresent()) {
            expiry = parseTimestamp(expiresAt.get()).orElseThrow(() -> new ExceptionStoreException("",
                    "invalid --expires-at '" + expiresAt.get() + "'", "an RFC 3339 date-time with offset, e.g. 2026-01-31T18:00:00Z"));
            if (!expiry.isAfter(now)) {
                throw new ExceptionStoreException("", "--expires-at " + expiresAt.get() + " is not in the future", "a time after now");
            }
        } else {
            Duration d = ttl.map(Ttl::parse).orElse(DEFAULT);
            if (d.compareTo(MAX_LOCAL) > 0) {
                throw new ExceptionStoreException("", "TTL " + ttl.orElse("") + " is longer than 24h", "at most 24h for a local override");
            }
            expiry = now.plus(d);
        }
        if (expiry.isAfter(now.plus(MAX_LOCAL))) {
            throw new ExceptionStoreException("", "expiry " + expiry + " is more than 24h ahead", "at most 24h for a local override");
        }
        return expiry;
    }

    /** Parses an RFC 3339 date-time (offset required; {@code Z} or {@code z} accepted). */
    public static Optional<Instant> parseTimestamp(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT)).toInstant());
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
