package dev.scc.runtime.docker.egress;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Why the proxy refused a request, reconstructed from the access-log line and the compiled allowlist
 * with the same rules, in the same order, as {@link SquidAclCompiler}.
 */
public enum DenialReason {
    NON_HTTP_SCHEME("only http:// and https:// requests (and CONNECT to port 443) go through the proxy"),
    PORT_NOT_ALLOWED("only ports 80 and 443 are allowed, and CONNECT only to 443"),
    IP_LITERAL("IP literal destinations are always denied; use an allowed host name"),
    NOT_ALLOWLISTED("host is not on the session's allowlist (it was not resolved)"),
    PRIVATE_DESTINATION("allowed name resolved to an address of the host, or a loopback, private, link-local, "
            + "metadata, CGNAT, benchmarking, multicast or other special-purpose address"),
    OTHER("denied by the proxy");

    private static final Pattern V4 = Pattern.compile(SquidAclCompiler.IPV4_LITERAL_REGEX);
    private static final Pattern V6 = Pattern.compile(SquidAclCompiler.IPV6_LITERAL_REGEX);

    private final String explanation;

    DenialReason(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    /**
     * Classifies a denied request.
     *
     * @param method the request method ({@code GET}, {@code CONNECT}, ...)
     * @param target the logged URL ({@code http://h/p}) or CONNECT authority ({@code h:443})
     */
    public static DenialReason classify(String method, String target, EgressAllowlist allowlist) {
        Optional<HostPort> hp = parse(method, target);
        if (hp.isEmpty()) {
            return OTHER;
        }
        String host = hp.get().host();
        int port = hp.get().port();
        boolean connect = "CONNECT".equalsIgnoreCase(method);
        if (!connect && !hp.get().web()) {
            return NON_HTTP_SCHEME;
        }
        if (connect ? port != 443 : (port != 80 && port != 443)) {
            return PORT_NOT_ALLOWED;
        }
        if (V4.matcher(host).matches() || V6.matcher(host).matches()) {
            return IP_LITERAL;
        }
        if (!allowlist.allows(host)) {
            return NOT_ALLOWLISTED;
        }
        return PRIVATE_DESTINATION;
    }

    /** {@code web}: an http or https URL (a CONNECT authority counts as web; its port decides). */
    private record HostPort(String host, int port, boolean web) {}

    private static Optional<HostPort> parse(String method, String target) {
        try {
            if ("CONNECT".equalsIgnoreCase(method)) {
                int colon = target.lastIndexOf(':');
                if (colon < 0) {
                    return Optional.empty();
                }
                return Optional.of(new HostPort(target.substring(0, colon).toLowerCase(Locale.ROOT),
                        Integer.parseInt(target.substring(colon + 1)), true));
            }
            URI u = URI.create(target);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            if (u.getHost() == null) {
                // Squid logs the URL of a request it refused; a scheme it does not carry may have no host part.
                return scheme.isEmpty() || web ? Optional.empty() : Optional.of(new HostPort("", -1, false));
            }
            int port = u.getPort() >= 0 ? u.getPort() : (scheme.equals("https") ? 443 : 80);
            return Optional.of(new HostPort(u.getHost().toLowerCase(Locale.ROOT), port, web));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
