package dev.scc.core.merge;

/**
 * An item refused by an absolute rule (a security pattern, the network posture, the stdio policy, a trust
 * grant). Nothing below the org can lift it.
 *
 * @param blockedBy the original pattern text, or the rule that blocked it
 */
public record BlockedItem(String item, String blockedBy, String source, TargetType targetType) {}
