package dev.scc.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The three network postures, ordered from least to most restrictive; the ids are the policy vocabulary. The
 * merge may only keep or raise a posture; the runtime enforces the one it is given.
 */
public enum NetworkPosture {
    /** The engine's default bridge; no proxy. */
    OPEN("open"),
    /** A per-session internal network whose only way out is an allowlisting HTTP(S) proxy. */
    WEB_EGRESS_ENFORCED("web-egress-enforced"),
    /** No network at all. */
    LOCKED_DOWN_WEB("locked-down-web");

    private final String id;

    NetworkPosture(String id) {
        this.id = id;
    }

    /** The policy id, e.g. {@code web-egress-enforced}. */
    public String id() {
        return id;
    }

    /** True when this posture is at least as restrictive as {@code other}. */
    public boolean atLeast(NetworkPosture other) {
        return ordinal() >= other.ordinal();
    }

    /** Parses a document value (surrounding whitespace and case ignored); empty for an unknown one. */
    public static Optional<NetworkPosture> parse(String s) {
        String wanted = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (NetworkPosture p : values()) {
            if (p.id.equals(wanted)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a policy id.
     *
     * @throws IllegalArgumentException naming the accepted ids when {@code id} is unknown
     */
    public static NetworkPosture fromId(String id) {
        return parse(id).orElseThrow(() -> new IllegalArgumentException("unknown network posture '" + id
                + "'; expected one of " + Arrays.stream(values()).map(NetworkPosture::id).collect(Collectors.joining(", "))));
    }
}
