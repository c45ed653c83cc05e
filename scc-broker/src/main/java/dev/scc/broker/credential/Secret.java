package dev.scc.broker.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential value read on the host. Its {@link #toString()} never shows the value, so a secret that slips into a
 * log line, an exception message or a debugger's variable view stays hidden; only {@link #reveal()} gives it, and only
 * the broker's forwarding code calls that.
 *
 * @param name the credential's configured name (shown in messages)
 * @param value the secret itself
 */
public record Secret(String name, String value) {
    public Secret {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("credential '" + name + "' is empty");
        }
    }

    /** The secret value, for the one place that puts it on the wire. */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison with a candidate value. */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Secret[" + name + ", " + value.length() + " chars]";
    }
}
