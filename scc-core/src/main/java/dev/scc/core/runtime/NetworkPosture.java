package dev.scc.core.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The three network postures a session can run under, ordered from least to most restrictive.
 * The ids are the policy vocabulary ({@code open}, {@code web-egress-enforced}, {@code locked-down-web}).
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
    public boolean atLeastAsStrictAs(NetworkPosture other) {
        return ordinal() >= other.ordinal();
    }

    /**
     * Parses a policy id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted ids when {@code id} is unknown
     */
    public static NetworkPosture fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (NetworkPosture p : values()) {
            if (p.id.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown network posture '" + id + "'; expected one of "
                + Arrays.stream(values()).map(NetworkPosture::id).collect(Collectors.joining(", ")));
    }
}
