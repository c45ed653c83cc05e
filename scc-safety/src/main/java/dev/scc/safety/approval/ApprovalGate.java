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

    /**
     * As {@link #check}, but an approval found is left unused: for a PreToolUse hook, which lets the agent run the
     * command that the wrapper of the real binary then judges again and consumes the approval with. Without this the
     * hook would use up the approval and the wrapper would stop the approved command. A gate that cannot peek
     * answers "not approved" (fail closed).
     */
    default Outcome peek(Request request) {
        Outcome o = check(request);
        return o.approved() ? Outcome.pending("this approval channel cannot be checked without using the approval")
                : o;
    }

    /** The command waiting for approval: argv, working directory, matched rule, why, and the session. */
    record Request(List<String> argv, String cwd, String rule, String reason, String sessionId) {
        public Request {
            argv = List.copyOf(argv);
        }
    }

    /**
     * {@code approved}: run now, once ({@code reviewer} is who approved). Otherwise {@code requestId} names the pending
     * request, if one was filed.
     */
    record Outcome(boolean approved, Optional<String> requestId, String message, Optional<String> reviewer) {
        public Outcome(boolean approved, Optional<String> requestId, String message) {
            this(approved, requestId, message, Optional.empty());
        }

        public static Outcome pending(String message) {
            return new Outcome(false, Optional.empty(), message);
        }
    }
}
