package dev.scc.policy.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns lines of Squid's native access log ({@code logformat squid}, the default:
 * {@code time elapsed client code/status bytes method URL user hierarchy/peer type}) into
 * {@link AuditEvent.ProxyDenial} events. Only denials become events: a result code containing
 * {@code DENIED}, or HTTP status 403 or 407. Other lines, and lines that are not in the format, give
 * nothing. Stateless.
 */
public final class SquidAccessLog {

    /** The denial on this line, if it is one. */
    public Optional<AuditEvent.ProxyDenial> denial(String line, Optional<String> sessionId) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 7) {
            return Optional.empty();
        }
        Instant at;
        try {
            BigDecimal t = new BigDecimal(f[0]);
            at = Instant.ofEpochSecond(t.longValue(), t.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        int slash = f[3].indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String result = f[3].substring(0, slash);
        int status;
        try {
            status = Integer.parseInt(f[3].substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!result.contains("DENIED") && status != 403 && status != 407) {
            return Optional.empty();
        }
        return Optional.of(new AuditEvent.ProxyDenial(sessionId, at, f[2], f[5], f[6], status, result));
    }
}
