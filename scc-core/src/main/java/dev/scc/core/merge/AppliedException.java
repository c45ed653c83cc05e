package dev.scc.core.merge;

/** A policy exception or local override that turned a denial into an allowed item. */
public record AppliedException(
        String id, String scope, String source, String item, TargetType targetType, String reason, String expiresAt) {}
