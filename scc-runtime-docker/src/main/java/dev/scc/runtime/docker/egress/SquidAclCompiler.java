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

    /** IPv4 ranges an allowed name may never resolve to. */
    public static final List<String> DENIED_V4 = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4");
    /** Cloud metadata endpoints (AWS IPv6 IMDS, the link-local IMDS, Alibaba's CGNAT one). */
    public static final List<String> METADATA = List.of("169.254.169.254", "fd00:ec2::254", "100.100.100.200");
    /** IPv6 ranges an allowed name may never resolve to. */
    public static final List<String> DENIED_V6 = List.of("::1", "fc00::/7", "fe80::/10", "ff00::/8");
    /**
     * v4-mapped IPv6 is deliberately not a {@code dst} rule: Debian's Squid 5.7 parses {@code dst ::ffff:0:0/96}
     * as an empty ACL ("Warning: empty ACL"), so the rule would be a silent no-op. Mapped literals are caught by
     * the IP-literal rule (the attack-matrix IT requests {@code [::ffff:198.51.100.10]}), and Squid keeps a mapped
     * resolution as IPv4, which {@link #DENIED_V4} covers.
     */
    public static final String IPV4_LITERAL_REGEX = "^[0-9]+(\\.[0-9]+)*$";
    /** Any host containing a colon, bracketed or not: only IPv6 literals do. */
    public static final String IPV6_LITERAL_REGEX = "^\\[?[0-9a-fA-F.]*:[0-9a-fA-F:.]*(%.*)?\\]?$";

    /** The compiled ACL block for {@code allowlist}. An empty allowlist denies everything. */
    public String compile(EgressAllowlist allowlist) {
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
        sb.append("http_access deny scc_metadata\n");
        sb.append("http_access deny scc_private_v4\n");
        sb.append("http_access deny scc_private_v6\n");
        sb.append("http_access allow scc_allowed\n");
        sb.append("http_access deny all\n");
        return sb.toString();
    }
}
