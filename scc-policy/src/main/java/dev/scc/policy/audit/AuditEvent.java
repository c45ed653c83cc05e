package dev.scc.policy.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Something worth an immutable audit record. One record type per kind; {@link AuditLog#append}
 * stamps it with a sequence number, time and hash chain, and redacts secrets before writing.
 * Each kind projects itself onto the common {@link Evidence} fields plus kind-specific
 * {@link #details()} (values: strings, numbers, booleans, lists of strings, or maps of strings).
 */
public sealed interface AuditEvent {

    /** The stable kind name written in the record's {@code kind} field. */
    String kind();

    /** The common evidence fields. */
    Evidence evidence();

    /** Kind-specific fields, in a stable order. */
    Map<String, Object> details();

    /** A session was launched. */
    record Launch(String sessionId, String provider, String workspace, String posture, String policyFingerprint,
            Map<String, String> imageDigests) implements AuditEvent {
        public Launch {
            imageDigests = Map.copyOf(imageDigests);
        }

        @Override
        public String kind() {
            return "launch";
        }

        @Override
        public Evidence evidence() {
            return new Evidence(Optional.of(sessionId), provider, "launch", workspace, "allow",
                    Optional.of(policyFingerprint), Optional.empty(), "launched");
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("provider", provider);
            d.put("workspace", workspace);
            d.put("posture", posture);
            d.put("policy_fingerprint", policyFingerprint);
            d.put("image_digests", new TreeMap<>(imageDigests));
            return d;
        }
    }

    /** The safety engine judged a command (wrapper or native hook). */
    record SafetyVerdict(String sessionId, String agent, List<String> argv, String cwd, String decision, String rule,
            String reason, Optional<String> policyVersion, Map<String, Object> actionEvidence) implements AuditEvent {
        public SafetyVerdict {
            argv = List.copyOf(argv);
            actionEvidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(actionEvidence));
        }

        /** The evidence keys a verdict record's details may carry besides {@code argv, cwd, rule, reason}. */
        public static final List<String> EVIDENCE_KEYS = List.of("action", "action_hash", "rule_origin", "reviewer", "outcome",
                "shadow");

        /** A verdict without the action policy's evidence fields. */
        public SafetyVerdict(String sessionId, String agent, List<String> argv, String cwd, String decision, String rule,
                String reason, Optional<String> policyVersion) {
            this(sessionId, agent, argv, cwd, decision, rule, reason, policyVersion, Map.of());
        }

        @Override
        public String kind() {
            return "safety.verdict";
        }

        @Override
        public Evidence evidence() {
            Object reviewer = actionEvidence.get("reviewer");
            Object outcome = actionEvidence.get("outcome");
            return new Evidence(Optional.of(sessionId), agent, String.join(" ", argv), cwd, decision, policyVersion,
                    reviewer instanceof String ? Optional.of((String) reviewer) : Optional.empty(),
                    outcome instanceof String ? (String) outcome
                            : "allow".equals(decision) || "warn".equals(decision) ? "ran" : "stopped");
        }

        /**
         * {@code argv, cwd, rule, reason} and, for the action policy's verdicts, {@code action}, {@code action_hash},
         * {@code rule_origin}, {@code reviewer}, {@code outcome} and {@code shadow} (each shadow rule that matched as
         * {@code id=decision (origin)}: recorded, never applied).
         */
        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("argv", argv);
            d.put("cwd", cwd);
            d.put("rule", rule);
            d.put("reason", reason);
            // only the known evidence keys: a key is never redacted, so nothing else may become one
            for (String k : EVIDENCE_KEYS) {
                if (actionEvidence.containsKey(k)) {
                    d.put(k, actionEvidence.get(k));
                }
            }
            return d;
        }
    }

    /** What happened to an approval request. */
    enum ApprovalStep { REQUESTED, APPROVED, DENIED, EXPIRED, USED }

    /** A step in an approval request's life. */
    record Approval(String sessionId, String requestId, ApprovalStep step, List<String> argv, String cwd, String rule,
            Optional<String> reviewer, String reason) implements AuditEvent {
        public Approval {
            argv = List.copyOf(argv);
        }

        @Override
        public String kind() {
            return "approval";
        }

        @Override
        public Evidence evidence() {
            String decision = switch (step) {
                case REQUESTED -> "require_approval";
                case APPROVED, USED -> "approve";
                case DENIED -> "deny";
                case EXPIRED -> "expire";
            };
            String outcome = switch (step) {
                case REQUESTED -> "pending";
                case APPROVED -> "approved";
                case DENIED -> "stopped";
                case EXPIRED -> "expired";
                case USED -> "ran";
            };
            return new Evidence(Optional.of(sessionId), "scc", String.join(" ", argv), cwd, decision,
                    Optional.empty(), reviewer, outcome);
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("request_id", requestId);
            d.put("step", step.name().toLowerCase());
            d.put("argv", argv);
            d.put("cwd", cwd);
            d.put("rule", rule);
            d.put("reason", reason);
            return d;
        }
    }

    /** The egress proxy refused a request (from Squid's access log). */
    record ProxyDenial(Optional<String> sessionId, Instant proxyTime, String client, String method, String url,
            int httpStatus, String squidResult) implements AuditEvent {
        @Override
        public String kind() {
            return "proxy.denial";
        }

        @Override
        public Evidence evidence() {
            return new Evidence(sessionId, "proxy", method + " " + url, url, "block", Optional.empty(),
                    Optional.empty(), "denied " + httpStatus);
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("proxy_time", proxyTime.toString());
            d.put("client", client);
            d.put("method", method);
            d.put("url", url);
            d.put("http_status", httpStatus);
            d.put("squid_result", squidResult);
            return d;
        }
    }

    /** A configuration item was allowed or refused by the merge (plugin, MCP server, setting). */
    record ConfigDecision(Optional<String> sessionId, String subject, String keyPath, String decision, String reason,
            String source, Optional<String> policyVersion) implements AuditEvent {
        @Override
        public String kind() {
            return "config.decision";
        }

        @Override
        public Evidence evidence() {
            return new Evidence(sessionId, "scc", "configure " + subject, keyPath, decision, policyVersion,
                    Optional.empty(), "allow".equals(decision) ? "applied" : "not applied");
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("subject", subject);
            d.put("key_path", keyPath);
            d.put("reason", reason);
            d.put("source", source);
            return d;
        }
    }

    /** A policy exception was applied, letting something through that policy would block. */
    record ExceptionApplied(Optional<String> sessionId, String exceptionId, String subject, String rule,
            String grantedBy, Optional<Instant> expiresAt, String reason) implements AuditEvent {
        @Override
        public String kind() {
            return "exception.applied";
        }

        @Override
        public Evidence evidence() {
            return new Evidence(sessionId, "scc", "exception " + exceptionId, subject, "allow", Optional.empty(),
                    Optional.of(grantedBy), "applied");
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("exception_id", exceptionId);
            d.put("subject", subject);
            d.put("rule", rule);
            d.put("expires_at", expiresAt.map(Instant::toString).orElse(""));
            d.put("reason", reason);
            return d;
        }
    }
    /**
     * The credential broker saw a model API response report token usage (one record per call).
     *
     * @param destination the brokered destination's name (e.g. {@code anthropic})
     * @param team the session's team, or {@code ""} for a standalone session (team budgets sum these)
     */
    record TokenUsage(String sessionId, String team, String destination, String model, long inputTokens,
            long outputTokens) implements AuditEvent {
        @Override
        public String kind() {
            return "broker.usage";
        }

        @Override
        public Evidence evidence() {
            return new Evidence(Optional.of(sessionId), "broker", "model call " + model, destination, "allow",
                    Optional.empty(), Optional.empty(), (inputTokens + outputTokens) + " tokens");
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("team", team);
            d.put("destination", destination);
            d.put("model", model);
            d.put("input_tokens", inputTokens);
            d.put("output_tokens", outputTokens);
            return d;
        }
    }

    /**
     * The credential broker refused a request or let a guarded one through: a push that deletes or updates a
     * protected ref, a call past a token budget, a destination it cannot serve.
     *
     * @param action what was attempted (e.g. {@code git push}, {@code model call})
     * @param target what it was aimed at (e.g. {@code github.com/acme/app refs/heads/main})
     * @param decision {@code allow}, {@code block} or {@code require_approval}
     * @param rule the rule id (e.g. {@code git.push_delete}, {@code budget.session})
     */
    record BrokerDecision(String sessionId, String destination, String action, String target, String decision,
            String rule, String reason) implements AuditEvent {
        @Override
        public String kind() {
            return "broker.decision";
        }

        @Override
        public Evidence evidence() {
            return new Evidence(Optional.of(sessionId), "broker", action, target, decision, Optional.empty(),
                    Optional.empty(), "allow".equals(decision) ? "forwarded" : "stopped");
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("destination", destination);
            d.put("rule", rule);
            d.put("reason", reason);
            return d;
        }
    }

    /**
     * The log did not end where its head said it did when an append came (records were removed from the end,
     * or the log or its head was replaced). Written before the next record, so the break stays visible in the
     * chain: {@code audit verify} reports every such record, and it cannot be laundered by later appends.
     */
    record ChainBreak(long headSeq, String headHash, long foundSeq, String foundHash) implements AuditEvent {
        /** The record kind. */
        public static final String KIND = "chain.break";

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Evidence evidence() {
            return new Evidence(Optional.empty(), "scc", "append", "audit log", "flag", Optional.empty(),
                    Optional.empty(), "chain continued after a break");
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("head_seq", headSeq);
            d.put("head_hash", headHash);
            d.put("found_seq", foundSeq);
            d.put("found_hash", foundHash);
            return d;
        }
    }
}
