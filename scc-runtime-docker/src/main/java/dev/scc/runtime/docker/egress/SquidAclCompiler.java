package dev.scc.runtime.docker.egress;

import java.util.List;

/**
 * Compiles an {@link EgressAllowlist} into the Squid {@code http_access} block the proxy image splices
 * into its template. Pure and deterministic. The order is the security argument:
 * <ol>
 *   <li>deny IP literals, IPv4 and IPv6 ({@code dstdom_regex -n}: no reverse DNS, so a PTR record can never
 *       turn a literal into an allowed name);</li>
 *   <li>deny every host not on the allowlist ({@code dstdomain -n}: the name is never resolved, so a denied
 *       name leaks nothing through DNS and is refused at once);</li>
 *   <li>deny loopback, RFC 1918, CGNAT, link-local, metadata, IPv6 loopback/ULA/link-local/v4-mapped for what
 *       the <em>allowed</em> names resolve to (DNS rebinding protection);</li>
 *   <li>allow the allowlist;</li>
 *   <li>deny all.</li>
 * </ol>
 */
public final class SquidAclCompiler {

    /**
     * IPv4 ranges an allowed name may never resolve to: "this network", RFC 1918, CGNAT, loopback, link-local,
     * IETF protocol assignments, the retired 6to4 relay anycast, benchmarking, multicast and reserved (which
     * includes the limited broadcast). The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)
     * are not listed: they are not routed anywhere, and the integration suites' "internet" lives in one of them;
     * an address of the host itself in one of them is denied as a host address.
     */
    public static final List<String> DENIED_V4 = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4");
    /** Cloud metadata endpoints (AWS IPv6 IMDS, the link-local IMDS, Alibaba's CGNAT one). */
    public static final List<String> METADATA = List.of("169.254.169.254", "fd00:ec2::254", "100.100.100.200");
    /**
     * IPv6 ranges an allowed name may never resolve to: unspecified, loopback and IPv4-compatible ({@code ::/96}),
     * NAT64 (well-known and local-use prefixes: they embed an IPv4 address, private ones included), discard-only,
     * IETF protocol assignments (Teredo, benchmarking, ORCHID), 6to4 (embeds IPv4), ULA, link-local, the
     * deprecated site-local and multicast. The documentation prefix 2001:db8::/32 stays, like its IPv4 twins.
     */
    public static final List<String> DENIED_V6 = List.of("::1", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
            "2001::/23", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");
    /**
     * v4-mapped IPv6 is deliberately not a {@code dst} rule: Debian's Squid 5.7 parses {@code dst ::ffff:0:0/96}
     * as an empty ACL ("Warning: empty ACL"), so the rule would be a silent no-op. Mapped literals are caught by
     * the IP-literal rule (the attack-matrix IT requests {@code [::ffff:198.51.100.10]}), and Squid keeps a mapped
     * resolution as IPv4, which {@link #DENIED_V4} covers.
     */
    public static final String IPV4_LITERAL_REGEX = "^[0-9]+(\\.[0-9]+)*$";
    /** Any host containing a colon, bracketed or not: only IPv6 literals do. */
    public static final String IPV6_LITERAL_REGEX = "^\\[?[0-9a-fA-F.]*:[0-9a-fA-F:.]*(%.*)?\\]?$";

    /** The compiled ACL block for {@code allowlist}, with no host addresses. An empty allowlist denies everything. */
    public String compile(EgressAllowlist allowlist) {
        return compile(allowlist, List.of());
    }

    /**
     * The compiled ACL block for {@code allowlist}; {@code hostAddresses} (the addresses of the machine the engine
     * runs on, IPv4 or IPv6 literals) are denied as destinations of allowed names too, whatever range they are in.
     * Entries that are not IP literals are refused: the list goes into the proxy's configuration verbatim.
     */
    public String compile(EgressAllowlist allowlist, java.util.Collection<String> hostAddresses) {
        List<String> hosts = hostAddresses.stream().map(SquidAclCompiler::literal).distinct().sorted().toList();
        StringBuilder sb = new StringBuilder();
        sb.append("# compiled by SCC: deny literals, deny unlisted names (unresolved), deny private ranges, allow, deny all\n");
        sb.append("acl scc_ip_literal dstdom_regex -n ").append(IPV4_LITERAL_REGEX).append(' ')
                .append(IPV6_LITERAL_REGEX).append('\n');
        sb.append("http_access deny scc_ip_literal\n");
        if (allowlist.isEmpty()) {
            sb.append("http_access deny all\n");
            return sb.toString();
        }
        sb.append("acl scc_allowed dstdomain -n");
        for (String e : allowlist.entries()) {
            sb.append(' ').append(e);
        }
        sb.append('\n');
        sb.append("http_access deny !scc_allowed\n");
        sb.append("acl scc_metadata dst ").append(String.join(" ", METADATA)).append('\n');
        sb.append("acl scc_private_v4 dst ").append(String.join(" ", DENIED_V4)).append('\n');
        sb.append("acl scc_private_v6 dst ").append(String.join(" ", DENIED_V6)).append('\n');
        if (!hosts.isEmpty()) {
            sb.append("acl scc_host dst ").append(String.join(" ", hosts)).append('\n');
            sb.append("http_access deny scc_host\n");
        }
        sb.append("http_access deny scc_metadata\n");
        sb.append("http_access deny scc_private_v4\n");
        sb.append("http_access deny scc_private_v6\n");
        sb.append("http_access allow scc_allowed\n");
        sb.append("http_access deny all\n");
        return sb.toString();
    }

    private static final java.util.regex.Pattern V4_ADDRESS = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final java.util.regex.Pattern V6_ADDRESS = java.util.regex.Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    /** A host address in the form Squid's {@code dst} takes; anything else is a programming error, refused. */
    private static String literal(String address) {
        String a = address.toLowerCase(java.util.Locale.ROOT);
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (V4_ADDRESS.matcher(a).matches() || V6_ADDRESS.matcher(a).matches()) {
            return a;
        }
        throw new IllegalArgumentException("host address '" + address + "' is not an IPv4 or IPv6 literal");
    }
}
