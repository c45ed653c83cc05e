package dev.scc.core.merge;

/** A layer asked to change a setting in a way it may not (lower the posture, redefine a server, widen sets). */
public record IgnoredPolicyChange(
        String field, String requestedValue, String effectiveValue, String source, String reason) {}
