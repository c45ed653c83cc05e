package dev.scc.safety.approval;

import dev.scc.safety.approval.internal.ApprovalJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The approval file format, in-container side (docs/audit.md, "Approval file format"). The host
 * side ({@code dev.scc.policy.approval}) implements the same bytes with Jackson; both are pinned by
 * the same test vectors, so a change here without the same change there fails the build.
 */
public final class ApprovalWire {
    public static final String REQUEST_FORMAT = "scc-approval-request/v1";
    public static final String ANSWER_FORMAT = "scc-approval-answer/v1";
    public static final String USE_FORMAT = "scc-approval-use/v1";
    static final String BINDING_FORMAT = "scc-approval-binding/v1";

    /** Request ids are file names: 16 characters of lowercase RFC 4648 base32, nothing else. */
    public static final Pattern ID = Pattern.compile("[a-z2-7]{16}");
    private static final String B32 = "abcdefghijklmnopqrstuvwxyz234567";

    private ApprovalWire() {}

    /** A fresh random request id (80 bits). */
    public static String newId(SecureRandom random) {
        byte[] b = new byte[10];
        random.nextBytes(b);
        StringBuilder s = new StringBuilder(16);
        long acc = 0;
        int bits = 0;
        for (byte x : b) {
            acc = (acc << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                s.append(B32.charAt((int) (acc >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return s.toString();
    }

    /**
     * The canonical text that hashes and MACs are computed over: each field as
     * {@code <UTF-8 byte length>:<value>\n}. Length prefixes make the encoding unambiguous whatever
     * the values contain.
     */
    public static byte[] frames(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            b.append(f.getBytes(StandardCharsets.UTF_8).length).append(':').append(f).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 (hex) of the session, working directory and exact argv: what an approval is bound to. */
    public static String binding(String sessionId, String cwd, List<String> argv) {
        List<String> f = new ArrayList<>();
        f.add(BINDING_FORMAT);
        f.add(sessionId);
        f.add(cwd);
        f.add(Integer.toString(argv.size()));
        f.addAll(argv);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(frames(f)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** HMAC-SHA256 (hex) of the framed fields. */
    public static String mac(byte[] key, List<String> fields) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(frames(fields)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of two hex MACs. */
    public static boolean macEquals(String expected, String actual) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** A request file: what the evaluator asks a human to approve. */
    public record RequestFile(String id, String sessionId, List<String> argv, String cwd, String rule,
            String reason, String binding, Instant createdAt, Instant expiresAt, String mac) {
        public RequestFile {
            argv = List.copyOf(argv);
        }

        static List<String> macFields(String id, String sessionId, String binding, String rule, String reason,
                Instant createdAt, Instant expiresAt) {
            return List.of(REQUEST_FORMAT, id, sessionId, binding, rule, reason, createdAt.toString(),
                    expiresAt.toString());
        }

        public static RequestFile create(byte[] key, String id, String sessionId, List<String> argv, String cwd,
                String rule, String reason, Instant createdAt, Instant expiresAt) {
            String binding = ApprovalWire.binding(sessionId, cwd, argv);
            String mac = ApprovalWire.mac(key, macFields(id, sessionId, binding, rule, reason, createdAt, expiresAt));
            return new RequestFile(id, sessionId, argv, cwd, rule, reason, binding, createdAt, expiresAt, mac);
        }

        /** True if the MAC is valid under {@code key} and the binding matches argv, cwd and session. */
        public boolean authentic(byte[] key) {
            return binding.equals(ApprovalWire.binding(sessionId, cwd, argv))
                    && macEquals(ApprovalWire.mac(key, macFields(id, sessionId, binding, rule, reason, createdAt, expiresAt)), mac);
        }

        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", REQUEST_FORMAT);
            m.put("id", id);
            m.put("session_id", sessionId);
            m.put("argv", argv);
            m.put("cwd", cwd);
            m.put("rule", rule);
            m.put("reason", reason);
            m.put("binding", binding);
            m.put("created_at", createdAt.toString());
            m.put("expires_at", expiresAt.toString());
            m.put("mac", mac);
            return ApprovalJson.write(m);
        }

        public static RequestFile fromJson(String text) {
            Map<String, Object> m = ApprovalJson.parseObject(text);
            requireFormat(m, REQUEST_FORMAT);
            Object argv = m.get("argv");
            if (!(argv instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                throw new IllegalArgumentException("argv must be an array of strings");
            }
            List<String> args = new ArrayList<>();
            l.forEach(a -> args.add((String) a));
            return new RequestFile(ApprovalWire.id(m), str(m, "session_id"), args, str(m, "cwd"), str(m, "rule"),
                    str(m, "reason"), str(m, "binding"), Instant.parse(str(m, "created_at")),
                    Instant.parse(str(m, "expires_at")), str(m, "mac"));
        }
    }

    /** An answer file: a human's signed decision on one request. */
    public record AnswerFile(String id, String sessionId, String binding, String decision, String reviewer,
            String reason, Instant decidedAt, Instant expiresAt, String mac) {
        public static final String APPROVE = "approve";
        public static final String DENY = "deny";
        public static final String EXPIRE = "expire";

        static List<String> macFields(String id, String sessionId, String binding, String decision, String reviewer,
                String reason, Instant decidedAt, Instant expiresAt) {
            return List.of(ANSWER_FORMAT, id, sessionId, binding, decision, reviewer, reason, decidedAt.toString(),
                    expiresAt.toString());
        }

        public static AnswerFile create(byte[] key, String id, String sessionId, String binding, String decision,
                String reviewer, String reason, Instant decidedAt, Instant expiresAt) {
            String mac = ApprovalWire.mac(key, macFields(id, sessionId, binding, decision, reviewer, reason, decidedAt, expiresAt));
            return new AnswerFile(id, sessionId, binding, decision, reviewer, reason, decidedAt, expiresAt, mac);
        }

        public boolean authentic(byte[] key) {
            return macEquals(
                    ApprovalWire.mac(key, macFields(id, sessionId, binding, decision, reviewer, reason, decidedAt, expiresAt)), mac);
        }

        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", ANSWER_FORMAT);
            m.put("id", id);
            m.put("session_id", sessionId);
            m.put("binding", binding);
            m.put("decision", decision);
            m.put("reviewer", reviewer);
            m.put("reason", reason);
            m.put("decided_at", decidedAt.toString());
            m.put("expires_at", expiresAt.toString());
            m.put("mac", mac);
            return ApprovalJson.write(m);
        }

        public static AnswerFile fromJson(String text) {
            Map<String, Object> m = ApprovalJson.parseObject(text);
            requireFormat(m, ANSWER_FORMAT);
            return new AnswerFile(ApprovalWire.id(m), str(m, "session_id"), str(m, "binding"), str(m, "decision"),
                    str(m, "reviewer"), str(m, "reason"), Instant.parse(str(m, "decided_at")),
                    Instant.parse(str(m, "expires_at")), str(m, "mac"));
        }
    }

    /** The consumption record written (create-new) when an approval is used. */
    public static String useJson(String id, String binding, Instant usedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", USE_FORMAT);
        m.put("id", id);
        m.put("binding", binding);
        m.put("used_at", usedAt.toString());
        return ApprovalJson.write(m);
    }

    private static void requireFormat(Map<String, Object> m, String format) {
        if (!format.equals(m.get("format"))) {
            throw new IllegalArgumentException("format must be " + format + " but is " + m.get("format"));
        }
    }

    private static String id(Map<String, Object> m) {
        String id = str(m, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID.pattern());
        }
        return id;
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("field " + k + " must be a string");
        }
        return s;
    }
}
