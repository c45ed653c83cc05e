package dev.scc.safety.internal.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Whether a host may be contacted: loopback always, IP literals never, names only when allowed. */
public final class Destinations {
    private Destinations() {}

    /** Why {@code rawHost} is refused, or empty when it may be contacted. */
    public static Optional<String> refusal(String rawHost, List<String> allowed) {
        String host = rawHost.trim().toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Optional.of("the destination is empty or cannot be read.");
        }
        if (host.indexOf('{') >= 0 || host.indexOf('[') >= 0 || host.indexOf('*') >= 0 || host.indexOf('$') >= 0
                || host.indexOf('`') >= 0 || host.indexOf('…') >= 0) {
            return Optional.of("the destination is a pattern or computed at run time.");
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("ip6-localhost") || host.equals("ip6-loopback")) {
            return Optional.empty();
        }
        if (host.contains(":")) {
            return isIpv6Loopback(host) ? Optional.empty()
                    : Optional.of("IP literals outside loopback are never allowed (use a host name from the allowed destinations).");
        }
        Optional<long[]> v4 = ipv4(host);
        if (v4.isPresent()) {
            long a = v4.get()[0];
            return (a >> 24) == 127 || a == 0 ? Optional.empty()
                    : Optional.of("IP literals outside loopback are never allowed (use a host name from the allowed destinations).");
        }
        for (String pattern : allowed) {
            if (matches(pattern.trim().toLowerCase(Locale.ROOT), host)) {
                return Optional.empty();
            }
        }
        return Optional.of("the destination is not in this session's allowed destinations.");
    }

    /** {@code *.x} matches subdomains of x; {@code .x} matches x and its subdomains; anything else matches exactly. */
    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1));
        }
        if (pattern.startsWith(".")) {
            return host.equals(pattern.substring(1)) || host.endsWith(pattern);
        }
        return host.equals(pattern);
    }

    private static boolean isIpv6Loopback(String h) {
        String s = h;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        if (s.equals("::1") || s.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        if (s.startsWith("::ffff:")) {
            return ipv4(s.substring(7)).map(a -> (a[0] >> 24) == 127).orElse(false);
        }
        return false;
    }

    /** inet_aton-style parsing (1 to 4 parts, decimal, octal or hex), as curl and ssh resolve numeric hosts. */
    static Optional<long[]> ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] vals = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                return Optional.empty();
            }
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    vals[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    vals[i] = Long.parseLong(p.substring(1), 8);
                } else {
                    vals[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (vals[i] < 0 || p.length() > 12) {
                return Optional.empty();
            }
        }
        long addr;
        switch (parts.length) {
            case 1: addr = vals[0]; break;
            case 2: addr = (vals[0] << 24) | vals[1]; break;
            case 3: addr = (vals[0] << 24) | (vals[1] << 16) | vals[2]; break;
            default: addr = (vals[0] << 24) | (vals[1] << 16) | (vals[2] << 8) | vals[3]; break;
        }
        if (addr > 0xFFFFFFFFL) {
            // out of range: getaddrinfo refuses it as a number; treat it as a literal anyway
            return Optional.of(new long[] {addr & 0xFFFFFFFFL | 0x1_0000_0000L});
        }
        return Optional.of(new long[] {addr});
    }
}
