package dev.scc.policy.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One approval request with its full context and, if answered, the answer. Immutable; a snapshot
 * of the files at the time it was read.
 *
 * @param id the request id (16 base32 characters); for an {@link ApprovalStatus#INVALID} request, the file name
 * @param sessionId the session that filed it
 * @param argv the exact command that is waiting
 * @param cwd its working directory
 * @param rule the policy rule that required approval
 * @param reason why the rule matched
 * @param createdAt when it was filed
 * @param expiresAt after this it can no longer be answered
 * @param status where it stands now
 * @param answer the human's decision, if any
 */
public record ApprovalRequest(String id, String sessionId, List<String> argv, String cwd, String rule, String reason,
        Instant createdAt, Instant expiresAt, ApprovalStatus status, Optional<Answer> answer) {
    public ApprovalRequest {
        argv = List.copyOf(argv);
    }

    /** A signed answer as recorded in the answers directory. */
    public record Answer(String decision, String reviewer, String reason, Instant decidedAt, Instant expiresAt) {}
}
