package dev.scc.core.merge;

/** An addition refused by delegation or an allowlist. An active exception may turn it into an allowed one. */
public record DeniedAddition(String item, String requestedBy, String reason, TargetType targetType) {}
