package dev.scc.safety.internal.rules;

import dev.scc.safety.NetworkMode;
import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Destination-aware rules for curl, wget, ssh, scp, sftp and rsync. Each tool's argv is read with
 * its own option table to find the remote endpoints it would contact (URLs, {@code host:path}
 * operands, ssh destinations, jump hosts, proxies). A remote endpoint is allowed only when it is
 * loopback or matches the session's allowed destinations; an IP literal outside loopback is always
 * blocked; purely local use ({@code rsync a/ b/}, {@code curl --version}) is allowed. Options that
 * redirect the connection somewhere the argv does not show (a config file, ProxyCommand, HostName
 * overrides, curl --connect-to) are blocked.
 */
public final class NetworkRules {
    /** The tools these rules guard. */
    public static final Set<String> TOOLS = Set.of("curl", "wget", "ssh", "scp", "sftp", "rsync");

    private static final String CURL_SHORT_VALUES = "AbcCdDeEFHKmoPQrtTuUwxXyYz";
    private static final Set<String> CURL_LONG_VALUES = Set.of("abstract-unix-socket", "alt-svc", "aws-sigv4", "cacert", "capath",
            "cert", "cert-type", "ciphers", "config", "connect-timeout", "connect-to", "continue-at", "cookie", "cookie-jar",
            "create-file-mode", "crlfile", "curves", "data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "delegation",
            "dns-interface", "dns-ipv4-addr", "dns-ipv6-addr", "dns-servers", "doh-url", "dump-header", "egd-file", "engine",
            "etag-compare", "etag-save", "expect100-timeout", "form", "form-string", "ftp-account", "ftp-alternative-to-user",
            "ftp-method", "ftp-port", "ftp-ssl-ccc-mode", "happy-eyeballs-timeout-ms", "haproxy-clientip", "header", "help", "hostpubmd5",
            "hostpubsha256", "hsts", "interface", "ipfs-gateway", "json", "keepalive-time", "key", "key-type", "krb", "libcurl",
            "limit-rate", "local-port", "login-options", "mail-auth", "mail-from", "mail-rcpt", "max-filesize", "max-redirs",
            "max-time", "netrc-file", "noproxy", "oauth2-bearer", "output", "output-dir", "pass", "pinnedpubkey", "preproxy", "proto",
            "proto-default", "proto-redir", "proxy", "proxy-cacert", "proxy-capath", "proxy-cert", "proxy-cert-type",
            "proxy-ciphers", "proxy-crlfile", "proxy-header", "proxy-key", "proxy-key-type", "proxy-pass", "proxy-pinnedpubkey",
            "proxy-service-name", "proxy-tls13-ciphers", "proxy-tlsauthtype", "proxy-tlspassword", "proxy-tlsuser", "proxy-user",
            "proxy1.0", "pubkey", "quote", "random-file", "range", "rate", "referer", "request", "request-target", "resolve", "retry",
            "retry-delay", "retry-max-time", "sasl-authzid", "service-name", "socks4", "socks4a", "socks5", "socks5-gssapi-service",
            "socks5-hostname", "speed-limit", "speed-time", "stderr", "telnet-option", "tftp-blksize", "time-cond", "tls-max",
            "tls13-ciphers", "tlsauthtype", "tlspassword", "tlsuser", "trace", "trace-ascii", "trace-config", "unix-socket",
            "upload-file", "url", "url-query", "user", "user-agent", "variable", "write-out", "expand-url", "expand-data");
    private static final Set<String> CURL_PROXY_OPTS = Set.of("proxy", "preproxy", "socks4", "socks4a", "socks5", "socks5-hostname");
    private static final Set<String> CURL_REDIRECTING = Set.of("config", "connect-to", "resolve", "doh-url", "dns-servers", "url-query");

    private static final String WGET_SHORT_VALUES = "oaeiBtTwOQPUlARDIXY";
    private static final Set<String> WGET_LONG_VALUES = Set.of("output-file", "append-output", "execute", "input-file", "base",
            "config", "bind-address", "tries", "output-document", "wait", "waitretry", "timeout", "dns-timeout", "connect-timeout",
            "read-timeout", "limit-rate", "quota", "directory-prefix", "user-agent", "level", "accept", "reject", "domains",
            "exclude-domains", "include-directories", "exclude-directories", "header", "user", "password", "http-user",
            "http-password", "ftp-user", "ftp-password", "post-data", "post-file", "body-data", "body-file", "method", "referer",
            "load-cookies", "save-cookies", "certificate", "private-key", "ca-certificate", "ca-directory", "secure-protocol",
            "local-encoding", "remote-encoding", "restrict-file-names", "default-page", "cut-dirs", "e-robots", "proxy-user",
            "proxy-password", "prefer-family", "retry-on-http-error", "report-speed", "rejected-log", "use-askpass", "ciphers");
    private static final Set<String> WGET_REDIRECTING = Set.of("execute", "input-file", "config", "e", "i");

    private static final String SSH_SHORT_VALUES = "BbcDEeFIiJLlmOoPpQRSWw";
    private static final String SCP_SHORT_VALUES = "cDFiJloPSX";
    private static final String SFTP_SHORT_VALUES = "BbcDFiJloPRsS";
    private static final String RSYNC_SHORT_VALUES = "efTBM";
    private static final Set<String> RSYNC_LONG_VALUES = Set.of("rsh", "rsync-path", "filter", "exclude", "include", "exclude-from",
            "include-from", "files-from", "temp-dir", "compare-dest", "copy-dest", "link-dest", "backup-dir", "suffix", "block-size",
            "max-delete", "max-size", "min-size", "max-alloc", "partial-dir", "timeout", "contimeout", "address", "port", "sockopts",
            "out-format", "log-file", "log-file-format", "password-file", "bwlimit", "chmod", "chown", "usermap", "groupmap",
            "modify-window", "skip-compress", "compress-choice", "compress-level", "checksum-choice", "checksum-seed", "info", "debug",
            "remote-option", "outbuf", "iconv", "write-batch", "only-write-batch", "read-batch", "protocol", "stop-after", "stop-at",
            "copy-as", "early-input", "mkpath-mode");

    private NetworkRules() {}

    /** The endpoints of one invocation, or the reason they cannot be determined. */
    private record Endpoints(List<String> hosts, Optional<String> unanalysable) {}

    /**
     * Judges one invocation of a network tool. Returns a hit when it must not run; empty when it may.
     *
     * @param tool the tool's basename (one of {@link #TOOLS})
     * @param argv the full argv, argv[0] being the tool
     */
    public static Optional<RuleHit> analyze(String tool, List<Word> argv, NetworkMode mode, List<String> allowedDestinations) {
        List<String> raw = argv.stream().map(Word::text).collect(Collectors.toList());
        String ruleId = "network." + tool;
        if (mode == NetworkMode.ALLOW) {
            return Optional.empty();
        }
        if (mode == NetworkMode.BLOCK_ALL) {
            return Optional.of(new RuleHit(Rule.NETWORK_DESTINATION, ruleId, tool,
                    tool + " may access external network. Network access is controlled by the egress proxy.",
                    "Ask an administrator to change security.safety_net.network_tools", raw));
        }
        List<Word> args = argv.subList(1, argv.size());
        Endpoints e;
        switch (tool) {
            case "curl": e = curl(args); break;
            case "wget": e = wget(args); break;
            case "ssh": e = ssh(args); break;
            case "scp": e = copyOperands(args, SCP_SHORT_VALUES, Set.of(), true); break;
            case "sftp": e = sftp(args); break;
            case "rsync": e = copyOperands(args, RSYNC_SHORT_VALUES, RSYNC_LONG_VALUES, false); break;
            default: return Optional.empty();
        }
        if (e.unanalysable().isPresent()) {
            return Optional.of(new RuleHit(Rule.NETWORK_DESTINATION, ruleId, tool,
                    tool + " " + e.unanalysable().get() + ", so its destination cannot be checked.",
                    "Pass the destination on the command line, without that option", raw));
        }
        for (String host : e.hosts()) {
            Optional<String> why = Destinations.refusal(host, allowedDestinations);
            if (why.isPresent()) {
                return Optional.of(new RuleHit(Rule.NETWORK_DESTINATION, ruleId, tool,
                        tool + " to " + host + ": " + why.get(), Rule.NETWORK_DESTINATION.alternative(), raw));
            }
        }
        return Optional.empty();
    }

    private static Endpoints curl(List<Word> args) {
        List<String> hosts = new ArrayList<>();
        boolean dashDash = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (!dashDash && t.equals("--")) {
                dashDash = true;
                continue;
            }
            if (!dashDash && t.startsWith("--")) {
                String body = t.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                if (name.startsWith("no-")) {
                    continue;
                }
                String value = null;
                if (CURL_LONG_VALUES.contains(name)) {
                    if (eq >= 0) {
                        value = body.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i).text();
                    }
                }
                if (CURL_REDIRECTING.contains(name)) {
                    return new Endpoints(hosts, Optional.of("uses --" + name));
                }
                if (value != null && (name.equals("url"))) {
                    hosts.addAll(urlHosts(value, "http"));
                } else if (value != null && CURL_PROXY_OPTS.contains(name)) {
                    hosts.addAll(urlHosts(value, "http"));
                }
                continue;
            }
            if (!dashDash && t.startsWith("-") && t.length() > 1) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (CURL_SHORT_VALUES.indexOf(c) >= 0) {
                        String v = j + 1 < t.length() ? t.substring(j + 1) : (i + 1 < args.size() ? args.get(++i).text() : "");
                        if (c == 'K') {
                            return new Endpoints(hosts, Optional.of("reads options from a config file (-K)"));
                        }
                        if (c == 'x') {
                            hosts.addAll(urlHosts(v, "http"));
                        }
                        break;
                    }
                    if (c == 'q') {
                        continue;
                    }
                }
                continue;
            }
            hosts.addAll(urlHosts(t, "http"));
        }
        return new Endpoints(hosts, Optional.empty());
    }

    private static Endpoints wget(List<Word> args) {
        List<String> hosts = new ArrayList<>();
        boolean dashDash = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (!dashDash && t.equals("--")) {
                dashDash = true;
                continue;
            }
            if (!dashDash && t.startsWith("--")) {
                String body = t.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                if (WGET_REDIRECTING.contains(name)) {
                    return new Endpoints(hosts, Optional.of("uses --" + name));
                }
                if (eq < 0 && WGET_LONG_VALUES.contains(name) && i + 1 < args.size()) {
                    i++;
                }
                continue;
            }
            if (!dashDash && t.startsWith("-") && t.length() > 1) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (WGET_SHORT_VALUES.indexOf(c) >= 0) {
                        if (WGET_REDIRECTING.contains(String.valueOf(c))) {
                            return new Endpoints(hosts, Optional.of("uses -" + c));
                        }
                        if (j + 1 >= t.length()) {
                            i++;
                        }
                        break;
                    }
                }
                continue;
            }
            hosts.addAll(urlHosts(t, "http"));
        }
        return new Endpoints(hosts, Optional.empty());
    }

    private static Endpoints ssh(List<Word> args) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                if (i + 1 < args.size()) {
                    hosts.add(sshHost(args.get(i + 1).text()));
                }
                break;
            }
            if (t.startsWith("-") && t.length() > 1) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (c == 'V' || c == 'G' || c == 'Q') {
                        return new Endpoints(List.of(), Optional.empty()); // prints version/config/query: no connection
                    }
                    if (SSH_SHORT_VALUES.indexOf(c) >= 0) {
                        String v = j + 1 < t.length() ? t.substring(j + 1) : (i + 1 < args.size() ? args.get(++i).text() : "");
                        Optional<String> bad = sshValue(c, v, hosts);
                        if (bad.isPresent()) {
                            return new Endpoints(hosts, bad);
                        }
                        break;
                    }
                }
                continue;
            }
            hosts.add(sshHost(t));
            break; // the rest is the remote command
        }
        return new Endpoints(hosts, Optional.empty());
    }

    /** Checks the value of an ssh-family option; returns why it makes the destination unknowable. */
    private static Optional<String> sshValue(char c, String v, List<String> hosts) {
        if (c == 'F') {
            return Optional.of("reads a custom ssh configuration (-F)");
        }
        if (c == 'J') {
            for (String jump : v.split(",")) {
                hosts.add(sshHost(jump));
            }
        }
        if (c == 'o') {
            String key = v.split("[= \t]", 2)[0].toLowerCase(Locale.ROOT);
            if (key.equals("hostname") || key.equals("proxycommand") || key.equals("proxyjump") || key.equals("include")
                    || key.equals("localcommand") || key.equals("knownhostscommand")) {
                return Optional.of("overrides the connection with -o " + key);
            }
        }
        if (c == 'S') {
            return Optional.of("uses a control socket or program (-S)");
        }
        return Optional.empty();
    }

    private static Endpoints sftp(List<Word> args) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.startsWith("-") && t.length() > 1 && !t.equals("--")) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (SFTP_SHORT_VALUES.indexOf(c) >= 0) {
                        String v = j + 1 < t.length() ? t.substring(j + 1) : (i + 1 < args.size() ? args.get(++i).text() : "");
                        if (c == 'D') {
                            return new Endpoints(List.of(), Optional.empty()); // talks to a local sftp-server
                        }
                        if (c == 'b') {
                            break; // batch file: commands only operate on the one connection
                        }
                        Optional<String> bad = sshValue(c, v, hosts);
                        if (bad.isPresent()) {
                            return new Endpoints(hosts, bad);
                        }
                        break;
                    }
                }
                continue;
            }
            if (t.equals("--")) {
                continue;
            }
            String dest = t.startsWith("sftp://") ? urlHosts(t, "sftp").stream().findFirst().orElse(t) : remoteHost(t).orElse(sshHost(t));
            hosts.add(dest);
            break;
        }
        return new Endpoints(hosts, Optional.empty());
    }

    /** scp and rsync: every operand that names a remote ({@code host:path}, {@code user@host:path}, {@code scp://}, {@code rsync://}, {@code host::module}). */
    private static Endpoints copyOperands(List<Word> args, String shortValues, Set<String> longValues, boolean scp) {
        List<String> hosts = new ArrayList<>();
        boolean dashDash = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (!dashDash && t.equals("--")) {
                dashDash = true;
                continue;
            }
            if (!dashDash && t.startsWith("--")) {
                String body = t.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                if (eq < 0 && longValues.contains(name) && i + 1 < args.size()) {
                    i++;
                }
                continue;
            }
            if (!dashDash && t.startsWith("-") && t.length() > 1) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (shortValues.indexOf(c) >= 0) {
                        String v = j + 1 < t.length() ? t.substring(j + 1) : (i + 1 < args.size() ? args.get(++i).text() : "");
                        if (scp) {
                            Optional<String> bad = sshValue(c, v, hosts);
                            if (bad.isPresent()) {
                                return new Endpoints(hosts, bad);
                            }
                        }
                        break;
                    }
                }
                continue;
            }
            if (t.startsWith("scp://") || t.startsWith("rsync://") || t.startsWith("ssh://")) {
                hosts.addAll(urlHosts(t, "ssh"));
            } else {
                remoteHost(t).ifPresent(hosts::add);
            }
        }
        return new Endpoints(hosts, Optional.empty());
    }

    /** {@code [user@]host:path} or {@code host::module}; a colon after a slash is a local path. */
    private static Optional<String> remoteHost(String operand) {
        int colon = operand.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        int slash = operand.indexOf('/');
        if (slash >= 0 && slash < colon) {
            return Optional.empty();
        }
        String hostPart = operand.substring(0, colon);
        if (hostPart.startsWith("[")) {
            int close = operand.indexOf(']');
            if (close > 0) {
                hostPart = operand.substring(0, close + 1);
            }
        }
        return Optional.of(sshHost(hostPart));
    }

    /** The host of an ssh destination: {@code [user@]host[:port]} or {@code ssh://…}. */
    static String sshHost(String dest) {
        if (dest.startsWith("ssh://")) {
            return urlHosts(dest, "ssh").stream().findFirst().orElse(dest);
        }
        String h = dest;
        int at = h.lastIndexOf('@');
        if (at >= 0) {
            h = h.substring(at + 1);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(1, close) : h;
        }
        return h;
    }

    /** The host of a URL (scheme optional, defaulting to {@code defaultScheme}); file: and local-socket URLs have none. */
    static List<String> urlHosts(String url, String defaultScheme) {
        String u = url.trim();
        if (u.isEmpty()) {
            return List.of();
        }
        String lower = u.toLowerCase(Locale.ROOT);
        int schemeEnd = lower.indexOf("://");
        if (schemeEnd >= 0) {
            String scheme = lower.substring(0, schemeEnd);
            if (scheme.equals("file")) {
                return List.of();
            }
            u = u.substring(schemeEnd + 3);
        } else if (lower.startsWith("file:")) {
            return List.of();
        }
        int end = u.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int k = u.indexOf(stop);
            if (k >= 0 && k < end) {
                end = k;
            }
        }
        String authority = u.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close > 0 ? authority.substring(1, close) : authority;
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
        }
        return List.of(host);
    }
}
