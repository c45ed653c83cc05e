package dev.scc.safety.rules;

import java.util.Locale;

/**
 * A network destination pattern: {@code host}, {@code *.domain} (any subdomain, not the domain itself) or {@code
 * .domain} (the domain and its subdomains), optionally with {@code :port}. Hosts compare case-insensitively.
 */
public final class DestinationPattern extends PatternText implements ActionPattern {
    private final String host;
    private final int port;

    private DestinationPattern(String text, String host, int port) {
        super(ActionKind.NETWORK, text);
        this.host = host;
        this.port = port;
    }

    /**
     * Parses a destination pattern.
     *
     * @throws IllegalArgumentException for an empty host, a bad port, or a scheme or path in the pattern
     */
    public static DestinationPattern parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.contains("/")) {
            throw new IllegalArgumentException("the destination pattern \"" + text + "\" can never match: destinations are"
                    + " host[:port], without a scheme or path");
        }
        int port = 0;
        String host = t;
        int colon = t.lastIndexOf(':');
        if (colon >= 0 && t.indexOf(':') == colon) {
            String p = t.substring(colon + 1);
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit) || p.length() > 5 || Integer.parseInt(p) < 1
                    || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("the destination pattern \"" + text + "\" has a bad port (1-65535)");
            }
            port = Integer.parseInt(p);
            host = t.substring(0, colon);
        }
        if (host.isEmpty() || host.equals(".") || host.equals("*.")) {
            throw new IllegalArgumentException("the destination pattern \"" + text + "\" has no host");
        }
        return new DestinationPattern(text.strip(), host, port);
    }

    @Override
    public boolean matches(Action action) {
        if (!(action instanceof Action.Network)) {
            return false;
        }
        Action.Network n = (Action.Network) action;
        if (port != 0 && n.port() != port) {
            return false;
        }
        String h = n.host();
        if (host.startsWith("*.")) {
            return h.endsWith(host.substring(1));
        }
        if (host.startsWith(".")) {
            return h.equals(host.substring(1)) || h.endsWith(host);
        }
        return WordGlob.matches(host, h);
    }
}
