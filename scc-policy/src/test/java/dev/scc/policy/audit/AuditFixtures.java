package dev.scc.policy.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sample events of every kind and a clock that ticks one second per read. */
final class AuditFixtures {
    private AuditFixtures() {}

    static AuditEvent event(int i) {
        return switch (Math.floorMod(i, 6)) {
            case 0 -> new AuditEvent.Launch("s" + i, "claude", "/work/repo", "web-egress-enforced", "fp-" + i,
                    Map.of("agent", "sha256:" + "a".repeat(64)));
            case 1 -> new AuditEvent.SafetyVerdict("s" + i, "codex", List.of("git", "push", "--force", "r" + i),
                    "/work", "block", "git.force_push", "force push rewrites history", Optional.of("fp"));
            case 2 -> new AuditEvent.Approval("s" + i, "abcdefghijklmnop", AuditEvent.ApprovalStep.APPROVED,
                    List.of("git", "push", "origin", "main"), "/work", "git.push.protected", Optional.of("alice"),
                    "release " + i);
            case 3 -> new AuditEvent.ProxyDenial(Optional.of("s" + i), Instant.parse("2026-11-22T03:00:00Z"),
                    "172.18.0.2", "CONNECT", "evil" + i + ".example:443", 403, "TCP_DENIED");
            case 4 -> new AuditEvent.ConfigDecision(Optional.empty(), "plugin:x" + i, "plugins.x", "block",
                    "not in the allowlist", "org", Optional.of("fp"));
            default -> new AuditEvent.ExceptionApplied(Optional.of("s" + i), "ex-" + i, "mcp:db", "mcp.blocked",
                    "bob", Optional.of(Instant.parse("2026-12-01T00:00:00Z")), "needed for migration");
        };
    }

    /** Ticks one second per call, so timestamps are distinct and deterministic. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T03:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofSeconds(1));
            return now;
        }
    }
}
