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
            if (isIpv6Loopback(host)) {
                return Optional.empty();
            }
            return ipv6(host) != null
                    ? Optional.of("IP literals outside loopback are never allowed (use a host name from the allowed destinations).")
                    : Optional.of("the destination is not a host name (" + host + ").");
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

    /**
     * Whether an IPv6 literal is loopback: {@code ::1} in any spelling ({@code 0:0:0:0:0:0:0:1}, {@code 0::1},
     * {@code ::0001}, a zone id), or an IPv4-mapped/compatible loopback ({@code ::ffff:127.0.0.1}, {@code ::ffff:7f00:1}).
     * Text that is not an IPv6 address at all is not loopback.
     */
    static boolean isIpv6Loopback(String h) {
        int[] a = ipv6(h);
        if (a == null) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        if (a[5] == 0 && a[6] == 0 && a[7] == 1) {
            return true; // ::1
        }
        return (a[5] == 0xffff || a[5] == 0) && (a[6] >> 8) == 127; // v4-mapped or v4-compatible 127/8
    }

    /** The eight 16-bit groups of an IPv6 literal (zone id dropped, embedded IPv4 allowed), or null when it is not one. */
    static int[] ipv6(String h) {
        String s = h;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        if (s.isEmpty() || s.indexOf(':') < 0) {
            return null;
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        java.util.List<Integer> head = groups(dbl >= 0 ? s.substring(0, dbl) : s);
        java.util.List<Integer> tail = dbl >= 0 ? groups(s.substring(dbl + 2)) : java.util.List.of();
        if (head == null || tail == null) {
            return null;
        }
        int n = head.size() + tail.size();
        if (n > 8 || (dbl < 0 && n != 8) || (dbl >= 0 && n == 8)) {
            return null;
        }
        int[] out = new int[8];
        for (int i = 0; i < head.size(); i++) {
            out[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            out[8 - tail.size() + i] = tail.get(i);
        }
        return out;
    }

    private static java.util.List<Integer> groups(String part) {
        java.util.List<Integer> g = new java.util.ArrayList<>();
        if (part.isEmpty()) {
            return g;
        }
        String[] items = part.split(":", -1);
        for (int i = 0; i < items.length; i++) {
            String it = items[i];
            if (i == items.length - 1 && it.indexOf('.') >= 0) {
                String[] q = it.split("\\.", -1);
                if (q.length != 4) {
                    return null;
                }
                int[] b = new int[4];
                for (int k = 0; k < 4; k++) {
                    if (!q[k].matches("[0-9]{1,3}") || Integer.parseInt(q[k]) > 255) {
                        return null;
                    }
                    b[k] = Integer.parseInt(q[k]);
                }
                g.add((b[0] << 8) | b[1]);
                g.add((b[2] << 8) | b[3]);
                continue;
            }
            if (!it.matches("[0-9a-fA-F]{1,4}")) {
                return null;
            }
            g.add(Integer.parseInt(it, 16));
        }
        return g;
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
