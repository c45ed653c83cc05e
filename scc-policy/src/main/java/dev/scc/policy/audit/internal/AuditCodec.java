package dev.scc.policy.audit.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditRecord;
import dev.scc.policy.audit.Evidence;
import dev.scc.safety.audit.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Audit record encoding (docs/audit.md, "Record schema"). A record is one line of JSON whose last
 * member is {@code "hash"}; the hash is SHA-256 over the line's UTF-8 bytes with that last member
 * removed, i.e. over {@code <line up to ,"hash":...>} followed by {@code "}"}. Hashing the bytes as
 * written, not a re-serialisation, means no canonical-JSON rules are needed to verify.
 */
public final class AuditCodec {
    public static final String GENESIS = "0".repeat(64);
    /** The details member that names the ingested item a record came from. */
    public static final String INGEST_KEY = "ingest_key";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern HASH_SUFFIX = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}\\z");
    private static final Pattern SEQ_PREFIX = Pattern.compile("^\\{\"seq\":(\\d{1,18}),");

    private AuditCodec() {}

    /** Builds the full line (no newline) for an event at {@code seq}, chained to {@code prev}. */
    public static String encode(AuditEvent event, long seq, Instant ts, String prev, Redactor redactor) {
        return encode(event, seq, ts, prev, redactor, Optional.empty());
    }

    /**
     * As {@link #encode(AuditEvent, long, Instant, String, Redactor)}, with the ingest key of an item brought in
     * from a spool or log ({@code details.ingest_key}), by which a crashed ingest finds what it already appended.
     */
    public static String encode(AuditEvent event, long seq, Instant ts, String prev, Redactor redactor,
            Optional<String> ingestKey) {
        Evidence e = event.evidence();
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", seq);
        n.put("ts", ts.toString());
        // Every string that comes from an event goes through the redactor; only seq, ts, kind, prev and hash,
        // which SCC itself makes, do not.
        n.put("kind", event.kind());
        n.put("session_id", e.sessionId().map(redactor::redact).orElse(null));
        n.put("agent", redactor.redact(e.agent()));
        n.put("action", redactor.redact(e.action()));
        n.put("target", redactor.redact(e.target()));
        n.put("decision", redactor.redact(e.decision()));
        n.put("policy_version", e.policyVersion().map(redactor::redact).orElse(null));
        n.put("reviewer", e.reviewer().map(redactor::redact).orElse(null));
        n.put("outcome", redactor.redact(e.outcome()));
        ObjectNode details = details(event.details(), redactor);
        ingestKey.ifPresent(k -> details.put(INGEST_KEY, k));
        n.set("details", details);
        n.put("prev", prev);
        String body = n.toString();
        String hash = sha256(body);
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
    }

    private static ObjectNode details(Map<String, Object> details, Redactor redactor) {
        ObjectNode d = JSON.createObjectNode();
        details.forEach((k, v) -> {
            if (v instanceof String s) {
                d.put(k, redactor.redact(s));
            } else if (v instanceof Integer i) {
                d.put(k, i);
            } else if (v instanceof Long l) {
                d.put(k, l);
            } else if (v instanceof Boolean b) {
                d.put(k, b);
            } else if (v instanceof List<?> l) {
                ArrayNode a = d.putArray(k);
                redactor.redactArgv(l.stream().map(String::valueOf).toList()).forEach(a::add);
            } else if (v instanceof Map<?, ?> m) {
                ObjectNode o = d.putObject(k);
                m.forEach((mk, mv) -> o.put(redactor.redact(String.valueOf(mk)), redactor.redact(String.valueOf(mv))));
            } else {
                d.put(k, redactor.redact(String.valueOf(v)));
            }
        });
        return d;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The hash a line claims, if it ends with a well-formed hash member. */
    public static Optional<String> claimedHash(String line) {
        Matcher m = HASH_SUFFIX.matcher(line);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The hash the line's content actually has (over the line without its hash member). */
    public static Optional<String> computedHash(String line) {
        Matcher m = HASH_SUFFIX.matcher(line);
        return m.find() ? Optional.of(sha256(line.substring(0, m.start()) + "}")) : Optional.empty();
    }

    /** The seq at the start of a line written by {@link #encode}, without a full parse. */
    public static Optional<Long> quickSeq(String line) {
        Matcher m = SEQ_PREFIX.matcher(line);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Parses a line into a record; throws {@link IllegalArgumentException} with the reason if it is not one. */
    public static AuditRecord parse(String line, long lineNumber) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not valid JSON (" + ex.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!n.path("seq").canConvertToExactIntegral() || !n.path("seq").isIntegralNumber()) {
            throw new IllegalArgumentException("missing integer seq");
        }
        Instant ts;
        try {
            ts = Instant.parse(text(n, "ts"));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("missing or bad ts");
        }
        Evidence e = new Evidence(opt(n, "session_id"), text(n, "agent"), text(n, "action"), text(n, "target"),
                text(n, "decision"), opt(n, "policy_version"), opt(n, "reviewer"), text(n, "outcome"));
        return new AuditRecord(n.get("seq").asLong(), ts, text(n, "kind"), e, text(n, "prev"), text(n, "hash"),
                lineNumber, line);
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing string field " + k);
        }
        return v.textValue();
    }

    private static Optional<String> opt(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || !v.isTextual() ? Optional.empty() : Optional.of(v.textValue());
    }

    /** The head file's JSON. */
    public static String headJson(long seq, String hash) {
        return "{\"seq\":" + seq + ",\"hash\":\"" + hash + "\"}\n";
    }

    /** Parses a head file: seq and hash. */
    public static Map.Entry<Long, String> parseHead(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.path("seq").isIntegralNumber() || !n.path("hash").isTextual()) {
                throw new IllegalArgumentException("head must be {seq, hash}");
            }
            return Map.entry(n.get("seq").asLong(), n.get("hash").textValue());
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("head is not valid JSON (" + ex.getOriginalMessage() + ")");
        }
    }
}
