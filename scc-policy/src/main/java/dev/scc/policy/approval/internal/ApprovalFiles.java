package dev.scc.policy.approval.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The approval file format, host side (docs/audit.md, "Approval file format"). The sandbox side is
 * {@code dev.scc.safety.approval.internal.ApprovalWire}; both are pinned by the same test vectors.
 */
public final class ApprovalFiles {
    public static final String REQUEST_FORMAT = "scc-approval-request/v1";
    public static final String ANSWER_FORMAT = "scc-approval-answer/v1";
    static final String BINDING_FORMAT = "scc-approval-binding/v1";
    public static final Pattern ID = Pattern.compile("[a-z2-7]{16}");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ApprovalFiles() {}

    /** A parsed request file. */
    public record RequestFile(String id, String sessionId, List<String> argv, String cwd, String rule, String reason,
            String binding, Instant createdAt, Instant expiresAt, String mac) {
        public RequestFile {
            argv = List.copyOf(argv);
        }

        /** True if the MAC verifies under {@code key} and the binding matches the argv, cwd and session shown. */
        public boolean authentic(byte[] key) {
            return binding.equals(ApprovalFiles.binding(sessionId, cwd, argv)) && macEquals(ApprovalFiles.mac(key, List.of(REQUEST_FORMAT, id,
                    sessionId, binding, rule, reason, createdAt.toString(), expiresAt.toString())), mac);
        }
    }

    /** A parsed answer file. */
    public record AnswerFile(String id, String sessionId, String binding, String decision, String reviewer,
            String reason, Instant decidedAt, Instant expiresAt, String mac) {

        public static AnswerFile create(byte[] key, String id, String sessionId, String binding, String decision,
                String reviewer, String reason, Instant decidedAt, Instant expiresAt) {
            String mac = ApprovalFiles.mac(key, List.of(ANSWER_FORMAT, id, sessionId, binding, decision, reviewer, reason,
                    decidedAt.toString(), expiresAt.toString()));
            return new AnswerFile(id, sessionId, binding, decision, reviewer, reason, decidedAt, expiresAt, mac);
        }

        public boolean authentic(byte[] key) {
            return macEquals(ApprovalFiles.mac(key, List.of(ANSWER_FORMAT, id, sessionId, binding, decision, reviewer, reason,
                    decidedAt.toString(), expiresAt.toString())), mac);
        }

        /** One JSON object and a newline, keys in the documented order. */
        public String toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("format", ANSWER_FORMAT);
            n.put("id", id);
            n.put("session_id", sessionId);
            n.put("binding", binding);
            n.put("decision", decision);
            n.put("reviewer", reviewer);
            n.put("reason", reason);
            n.put("decided_at", decidedAt.toString());
            n.put("expires_at", expiresAt.toString());
            n.put("mac", mac);
            return n.toString() + "\n";
        }
    }

    /** Writes a request (tests and tools; in production the sandbox's evaluator writes requests). */
    public static String requestJson(RequestFile r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", REQUEST_FORMAT);
        n.put("id", r.id());
        n.put("session_id", r.sessionId());
        ArrayNode a = n.putArray("argv");
        r.argv().forEach(a::add);
        n.put("cwd", r.cwd());
        n.put("rule", r.rule());
        n.put("reason", r.reason());
        n.put("binding", r.binding());
        n.put("created_at", r.createdAt().toString());
        n.put("expires_at", r.expiresAt().toString());
        n.put("mac", r.mac());
        return n.toString() + "\n";
    }

    /** Creates a signed request, as the evaluator does (tests and tools). */
    public static RequestFile createRequest(byte[] key, String id, String sessionId, List<String> argv, String cwd,
            String rule, String reason, Instant createdAt, Instant expiresAt) {
        String binding = binding(sessionId, cwd, argv);
        String mac = mac(key, List.of(REQUEST_FORMAT, id, sessionId, binding, rule, reason, createdAt.toString(),
                expiresAt.toString()));
        return new RequestFile(id, sessionId, argv, cwd, rule, reason, binding, createdAt, expiresAt, mac);
    }

    public static RequestFile parseRequest(String text) {
        JsonNode n = tree(text, REQUEST_FORMAT);
        JsonNode argv = n.get("argv");
        if (argv == null || !argv.isArray()) {
            throw new IllegalArgumentException("argv must be an array of strings");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : argv) {
            if (!a.isTextual()) {
                throw new IllegalArgumentException("argv must be an array of strings");
            }
            args.add(a.textValue());
        }
        return new RequestFile(id(n), str(n, "session_id"), args, str(n, "cwd"), str(n, "rule"), str(n, "reason"),
                str(n, "binding"), Instant.parse(str(n, "created_at")), Instant.parse(str(n, "expires_at")),
                str(n, "mac"));
    }

    public static AnswerFile parseAnswer(String text) {
        JsonNode n = tree(text, ANSWER_FORMAT);
        return new AnswerFile(id(n), str(n, "session_id"), str(n, "binding"), str(n, "decision"), str(n, "reviewer"),
                str(n, "reason"), Instant.parse(str(n, "decided_at")), Instant.parse(str(n, "expires_at")),
                str(n, "mac"));
    }

    /** Length-prefixed framing: {@code <UTF-8 byte length>:<value>\n} per field. */
    public static byte[] frames(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            b.append(f.getBytes(StandardCharsets.UTF_8).length).append(':').append(f).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String binding(String sessionId, String cwd, List<String> argv) {
        List<String> f = new ArrayList<>(List.of(BINDING_FORMAT, sessionId, cwd, Integer.toString(argv.size())));
        f.addAll(argv);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(frames(f)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String mac(byte[] key, List<String> fields) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(frames(fields)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean macEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static JsonNode tree(String text, String format) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        if (!format.equals(n.path("format").asText(null))) {
            throw new IllegalArgumentException("format must be " + format);
        }
        return n;
    }

    private static String id(JsonNode n) {
        String id = str(n, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID.pattern());
        }
        return id;
    }

    private static String str(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field " + k + " must be a string");
        }
        return v.textValue();
    }
}
