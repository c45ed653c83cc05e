package dev.scc.policy.audit;

import java.util.Optional;

/**
 * The fields every audit record carries at its top level, whatever its kind, so a SIEM can index
 * all of them the same way (the Cordum-style evidence record).
 *
 * @param sessionId the SCC session, when the event belongs to one
 * @param agent who acted: a provider id ({@code claude}, {@code codex}), {@code proxy} or {@code scc}
 * @param action what was attempted (a command line, {@code launch}, {@code CONNECT host:443}, ...)
 * @param target what it was aimed at (a working directory, workspace, host, config key)
 * @param decision the policy's answer ({@code allow}, {@code block}, {@code warn}, {@code require_approval},
 *     {@code approve}, {@code deny}, ...)
 * @param policyVersion the policy fingerprint in force, when known
 * @param reviewer the human who decided, for approvals and exceptions
 * @param outcome what happened as a result ({@code ran}, {@code stopped}, {@code launched}, ...)
 */
public record Evidence(Optional<String> sessionId, String agent, String action, String target, String decision,
        Optional<String> policyVersion, Optional<String> reviewer, String outcome) {}
