package dev.scc.core.merge;

import java.util.Optional;

/** Network postures, ranked from least to most restrictive. No layer below org may lower it. */
public enum NetworkPosture {
    OPEN("open"),
    WEB_EGRESS_ENFORCED("web-egress-enforced"),
    LOCKED_DOWN_WEB("locked-down-web");

    private final String wire;

    NetworkPosture(String wire) {
        this.wire = wire;
    }

    /** The value as written in documents. */
    public String wire() {
        return wire;
    }

    /** Parses a document value; empty for unknown values (which the merge reports and ignores). */
    public static Optional<NetworkPosture> parse(String s) {
        for (NetworkPosture p : values()) {
            if (p.wire.equals(s)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean atLeast(NetworkPosture other) {
        return compareTo(other) >= 0;
    }
}
