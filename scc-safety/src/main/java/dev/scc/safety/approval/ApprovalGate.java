package dev.scc.safety.approval;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a command that policy marks {@code require_approval} may run now. Implementations
 * must fail closed: any error means "not approved".
 */
public interface ApprovalGate {

    /** A gate with no approval channel: every require_approval command stays stopped. */
    ApprovalGate NONE = request -> Outcome.pending("approvals are not configured in this sandbox");

    /** Checks for a valid, unexpired, unused approval of exactly this request; consumes it if found, else files a request. */
    Outcome check(Request request);

    /** The command waiting for approval: argv, working directory, matched rule, why, and the session. */
    record Request(List<String> argv, String cwd, String rule, String reason, String sessionId) {
        public Request {
            argv = List.copyOf(argv);
        }
    }

    /** {@code approved}: run now, once. Otherwise {@code requestId} names the pending request, if one was filed. */
    record Outcome(boolean approved, Optional<String> requestId, String message) {
        public static Outcome pending(String message) {
            return new Outcome(false, Optional.empty(), message);
        }
    }
}
