package dev.scc.safety;

import java.util.Optional;

/** How network tools are judged ({@code security.safety_net.network_tools}): by destination (default), always blocked (the reference), or never. */
public enum NetworkMode {
    DESTINATION("destination"),
    BLOCK_ALL("block-all"),
    ALLOW("allow");

    private final String wire;

    NetworkMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<NetworkMode> fromWire(String s) {
        for (NetworkMode m : values()) {
            if (m.wire.equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
