package dev.scc.policy.approval;

/** Where an approval request stands, as seen from the host. */
public enum ApprovalStatus {
    /** Waiting for a human; can be approved or denied. */
    PENDING,
    /** Approved and not yet used by the sandbox. */
    APPROVED,
    /** Approved and used: the command ran once. */
    USED,
    /** Denied by a human. */
    DENIED,
    /** Not answered (or not used) in time. */
    EXPIRED,
    /** The request file is unreadable or fails its MAC: never approvable. */
    INVALID
}
