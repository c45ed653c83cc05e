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
    PORT_NOT_ALLOWED("only ports 80 and 443 are allowed, and CONNECT only to 443"),
    IP_LITERAL("IP literal destinations are always denied; use an allowed host name"),
    NOT_ALLOWLISTED("host is not on the session's allowlist (it was not resolved)"),
    PRIVATE_DESTINATION("allowed name resolved to a loopback, private, link-local or metadata address"),
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

    private record HostPort(String host, int port) {}

    private static Optional<HostPort> parse(String method, String target) {
        try {
            if ("CONNECT".equalsIgnoreCase(method)) {
                int colon = target.lastIndexOf(':');
                if (colon < 0) {
                    return Optional.empty();
                }
                return Optional.of(new HostPort(target.substring(0, colon).toLowerCase(Locale.ROOT),
                        Integer.parseInt(target.substring(colon + 1))));
            }
            URI u = URI.create(target);
            if (u.getHost() == null) {
                return Optional.empty();
            }
            int port = u.getPort() >= 0 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
            return Optional.of(new HostPort(u.getHost().toLowerCase(Locale.ROOT), port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
