package dev.scc.core.model;

import java.util.Optional;

/** Session timeout and resume preference; {@code autoResume} is advisory only. */
public record SessionSettings(Optional<Integer> timeoutHours, Optional<Boolean> autoResume) {
    public static final SessionSettings NONE = new SessionSettings(Optional.empty(), Optional.empty());
}
