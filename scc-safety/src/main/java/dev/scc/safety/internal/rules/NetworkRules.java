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

    /** curl 7.88.1: every long option (probed from the binary: "requires parameter" means it takes a value) and its short letters. */
    private static final OptionTable CURL = new OptionTable(List.of(
            "abstract-unix-socket", "alt-svc", "aws-sigv4", "cacert", "capath", "cert", "cert-type", "ciphers", "config",
            "connect-timeout", "connect-to", "continue-at", "cookie", "cookie-jar", "create-file-mode", "crlfile", "curves",
            "data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "delegation", "dns-interface", "dns-ipv4-addr",
            "dns-ipv6-addr", "dns-servers", "doh-url", "dump-header", "egd-file", "engine", "etag-compare", "etag-save",
            "expect100-timeout", "form", "form-string", "ftp-account", "ftp-alternative-to-user", "ftp-method", "ftp-port",
            "ftp-ssl-ccc-mode", "happy-eyeballs-timeout-ms", "header", "hostpubmd5", "hostpubsha256", "hsts", "interface",
            "json", "keepalive-time", "key", "key-type", "krb", "krb4", "libcurl", "limit-rate", "local-port", "login-options",
            "mail-auth", "mail-from", "mail-rcpt", "max-filesize", "max-redirs", "max-time", "netrc-file", "noproxy",
            "oauth2-bearer", "output", "output-dir", "parallel-max", "pass", "pinnedpubkey", "preproxy", "proto",
            "proto-default", "proto-redir", "proxy", "proxy-cacert", "proxy-capath", "proxy-cert", "proxy-cert-type",
            "proxy-ciphers", "proxy-crlfile", "proxy-header", "proxy-key", "proxy-key-type", "proxy-pass", "proxy-pinnedpubkey",
            "proxy-service-name", "proxy-tls13-ciphers", "proxy-tlsauthtype", "proxy-tlspassword", "proxy-tlsuser", "proxy-user",
            "proxy1.0", "pubkey", "quote", "random-file", "range", "rate", "referer", "request", "request-target", "resolve",
            "retry", "retry-delay", "retry-max-time", "sasl-authzid", "service-name", "socks4", "socks4a", "socks5",
            "socks5-gssapi-service", "socks5-hostname", "speed-limit", "speed-time", "stderr", "telnet", "telnet-option",
            "tftp-blksize", "time-cond", "tls-max", "tls13-ciphers", "tlsauthtype", "tlspassword", "tlsuser", "trace",
            "trace-ascii", "unix-socket", "upload-file", "url", "url-query", "user", "user-agent", "write-out"),
            List.of(
            "anyauth", "append", "basic", "cert-status", "compressed", "compressed-ssh", "create-dirs", "crlf", "digest",
            "disable", "disable-eprt", "disable-epsv", "disallow-username-in-url", "doh-cert-status", "doh-insecure", "fail",
            "fail-early", "fail-with-body", "false-start", "form-escape", "ftp-create-dirs", "ftp-pasv", "ftp-pret",
            "ftp-skip-pasv-ip", "ftp-ssl", "ftp-ssl-ccc", "ftp-ssl-control", "ftp-ssl-reqd", "get", "globoff",
            "haproxy-protocol", "head", "help", "http0.9", "http1.0", "http1.1", "http2", "http2-prior-knowledge", "http3",
            "http3-only", "ignore-content-length", "include", "insecure", "ipv4", "ipv6", "junk-session-cookies", "list-only",
            "location", "location-trusted", "mail-rcpt-allowfails", "manual", "metalink", "negotiate", "netrc", "netrc-optional",
            "next", "no-alpn", "no-buffer", "no-clobber", "no-keepalive", "no-npn", "no-progress-meter", "no-sessionid", "ntlm",
            "ntlm-wb", "parallel", "parallel-immediate", "path-as-is", "post301", "post302", "post303", "progress-bar",
            "proxy-anyauth", "proxy-basic", "proxy-digest", "proxy-insecure", "proxy-negotiate", "proxy-ntlm",
            "proxy-ssl-allow-beast", "proxy-ssl-auto-client-cert", "proxy-tlsv1", "proxytunnel", "raw", "remote-header-name",
            "remote-name", "remote-name-all", "remote-time", "remove-on-error", "retry-all-errors", "retry-connrefused",
            "sasl-ir", "show-error", "silent", "socks5-basic", "socks5-gssapi", "socks5-gssapi-nec", "ssl", "ssl-allow-beast",
            "ssl-auto-client-cert", "ssl-no-revoke", "ssl-reqd", "ssl-revoke-best-effort", "sslv2", "sslv3", "styled-output",
            "suppress-connect-headers", "tcp-fastopen", "tcp-nodelay", "test-event", "tftp-no-options", "tlsv1", "tlsv1.0",
            "tlsv1.1", "tlsv1.2", "tlsv1.3", "tr-encoding", "trace-time", "use-ascii", "verbose", "version", "xattr"),
            List.of("a append", "E cert", "K config", "C continue-at", "b cookie", "c cookie-jar", "d data", "q disable",
                    "D dump-header", "f fail", "F form", "P ftp-port", "G get", "g globoff", "I head", "H header", "h help",
                    "0 http1.0", "i include", "k insecure", "4 ipv4", "6 ipv6", "j junk-session-cookies", "l list-only",
                    "L location", "M manual", "m max-time", "n netrc", ": next", "N no-buffer", "o output", "Z parallel",
                    "# progress-bar", "x proxy", "U proxy-user", "p proxytunnel", "Q quote", "r range", "e referer",
                    "J remote-header-name", "O remote-name", "R remote-time", "X request", "S show-error", "s silent",
                    "Y speed-limit", "y speed-time", "2 sslv2", "3 sslv3", "t telnet-option", "z time-cond", "1 tlsv1",
                    "T upload-file", "B use-ascii", "u user", "A user-agent", "v verbose", "V version", "w write-out"),
            true);
    private static final Set<String> CURL_PROXY_OPTS = Set.of("proxy", "preproxy", "socks4", "socks4a", "socks5", "socks5-hostname",
            "proxy1.0");
    /** Options that send the transfer somewhere the argv does not show. */
    private static final Set<String> CURL_REDIRECTING = Set.of("config", "connect-to", "resolve", "doh-url", "dns-servers");
    private static final Set<String> CURL_NO_TRANSFER = Set.of("help", "version", "manual");
    private static final Set<String> CURL_UNIX_SOCKET = Set.of("unix-socket", "abstract-unix-socket");

    /** wget 1.21.3 (GNU getopt_long: unique prefixes, {@code --no-} for every flag), probed like curl's. */
    private static final OptionTable WGET = new OptionTable(List.of(
            "accept", "accept-regex", "append-output", "base", "bind-address", "body-data", "body-file", "ca-certificate",
            "ca-directory", "certificate", "certificate-type", "ciphers", "compression", "config", "connect-timeout", "crl-file",
            "cut-dirs", "default-page", "directory-prefix", "dns-timeout", "domains", "exclude-directories", "exclude-domains",
            "execute", "follow-tags", "ftp-password", "ftp-user", "header", "hsts-file", "http-password", "http-user",
            "ignore-tags", "include-directories", "input-file", "level", "limit-rate", "load-cookies", "local-encoding",
            "max-redirect", "method", "output-document", "output-file", "password", "pinnedpubkey", "post-data", "post-file",
            "prefer-family", "private-key", "private-key-type", "progress", "proxy-password", "proxy-user", "quota",
            "read-timeout", "referer", "regex-type", "reject", "reject-regex", "rejected-log", "remote-encoding", "report-speed",
            "restrict-file-names", "retry-on-http-error", "save-cookies", "secure-protocol", "start-pos", "timeout", "tries",
            "use-askpass", "user", "user-agent", "wait", "waitretry", "warc-dedup", "warc-file", "warc-header", "warc-max-size",
            "warc-tempdir"),
            List.of(
            "adjust-extension", "ask-password", "auth-no-challenge", "background", "backup-converted", "backups",
            "content-disposition", "content-on-error", "continue", "convert-file-only", "convert-links", "debug", "delete-after",
            "follow-ftp", "force-directories", "force-html", "ftps-clear-data-connection", "ftps-fallback-to-ftp",
            "ftps-implicit", "ftps-resume-ssl", "help", "https-only", "ignore-case", "ignore-length", "inet4-only", "inet6-only",
            "keep-session-cookies", "mirror", "no-cache", "no-check-certificate", "no-clobber", "no-config", "no-cookies",
            "no-directories", "no-dns-cache", "no-glob", "no-host-directories", "no-hsts", "no-http-keep-alive",
            "no-if-modified-since", "no-iri", "no-netrc", "no-parent", "no-passive-ftp", "no-proxy", "no-remove-listing",
            "no-use-server-timestamps", "no-verbose", "no-warc-compression", "no-warc-digests", "no-warc-keep-log",
            "page-requisites", "preserve-permissions", "protocol-directories", "quiet", "random-wait", "recursive", "relative",
            "retr-symlinks", "retry-connrefused", "save-headers", "server-response", "show-progress", "span-hosts", "spider",
            "strict-comments", "timestamping", "trust-server-names", "unlink", "verbose", "version", "warc-cdx", "xattr"),
            List.of("V version", "h help", "b background", "e execute", "o output-file", "a append-output", "d debug", "q quiet",
                    "v verbose", "i input-file", "F force-html", "B base", "t tries", "O output-document", "c continue",
                    "N timestamping", "S server-response", "T timeout", "w wait", "Q quota", "4 inet4-only", "6 inet6-only",
                    "x force-directories", "P directory-prefix", "E adjust-extension", "U user-agent", "r recursive",
                    "l level", "k convert-links", "K backup-converted", "m mirror", "p page-requisites", "A accept",
                    "R reject", "D domains", "H span-hosts", "L relative", "I include-directories", "X exclude-directories",
                    "n no"),
            true);
    /** wgetrc commands (for {@code -e}) that choose where wget connects or what it reads. */
    private static final Set<String> WGETRC_PROXY = Set.of("http_proxy", "https_proxy", "ftp_proxy");
    private static final Set<String> WGETRC_REDIRECTING = Set.of("input", "base", "bind_address", "config", "hsts_file");

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
        return analyze(tool, argv, mode, allowedDestinations, ToolEnv.NONE);
    }

    /** As {@link #analyze(String, List, NetworkMode, List)}, with the environment the command runs with (proxies). */
    public static Optional<RuleHit> analyze(String tool, List<Word> argv, NetworkMode mode, List<String> allowedDestinations,
            ToolEnv env) {
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
        Endpoints e = endpointsOf(tool, args, env);
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

    /** One option occurrence read with a tool's table: its canonical name (empty if unknown) and value (null if none). */
    private record Opt(Optional<OptionTable.Resolved> option, String typed, String value) {}

    /**
     * Reads a long option at {@code args[i]} ("--name", "--name=value", "--name value"); returns the option and
     * how many words it used. GNU getopt and curl agree: a value given with {@code =} to a flag is an error.
     */
    private static int readLong(OptionTable table, List<Word> args, int i, List<Opt> out) {
        String body = args.get(i).text().substring(2);
        int eq = body.indexOf('=');
        String typed = eq < 0 ? body : body.substring(0, eq);
        Optional<OptionTable.Resolved> r = table.resolve(typed);
        String value = null;
        int used = 1;
        if (r.isPresent() && r.get().arity() == OptionTable.Arity.REQUIRED) {
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(i + 1).text();
                used = 2;
            } else {
                value = "";
            }
        }
        out.add(new Opt(r, "--" + typed, value));
        return used;
    }

    /** Reads a cluster of short options at {@code args[i]}; a letter taking a value takes the rest of the word or the next word. */
    private static int readShorts(OptionTable table, List<Word> args, int i, List<Opt> out) {
        String t = args.get(i).text();
        for (int j = 1; j < t.length(); j++) {
            char c = t.charAt(j);
            Optional<String> name = table.shortName(c);
            if (name.isEmpty()) {
                out.add(new Opt(Optional.empty(), "-" + c, null));
                return 1;
            }
            OptionTable.Arity a = table.arity(name.get());
            if (a == OptionTable.Arity.REQUIRED) {
                String v = j + 1 < t.length() ? t.substring(j + 1) : (i + 1 < args.size() ? args.get(i + 1).text() : "");
                out.add(new Opt(Optional.of(new OptionTable.Resolved(name.get(), a, false)), "-" + c, v));
                return j + 1 < t.length() ? 1 : 2;
            }
            out.add(new Opt(Optional.of(new OptionTable.Resolved(name.get(), a, false)), "-" + c, null));
        }
        return 1;
    }

    private static Endpoints endpointsOf(String tool, List<Word> args, ToolEnv env) {
        switch (tool) {
            case "curl": return curl(args, env);
            case "wget": return wget(args, env);
            case "ssh": return ssh(args);
            case "scp": return copyOperands(args, SCP_SHORT_VALUES, Set.of(), true);
            case "sftp": return sftp(args);
            case "rsync": return rsync(args, env);
            default: return new Endpoints(List.of(), Optional.empty());
        }
    }

    /**
     * The hosts {@code tool} with arguments {@code args} (argv without argv[0]) would contact, as this reading sees
     * them; empty when it refuses to tell (an option that hides the destination). Used by the differential tests that
     * compare this reading with the connections the real tool makes.
     */
    static Optional<List<String>> endpoints(String tool, List<String> args, ToolEnv env) {
        Endpoints e = endpointsOf(tool, args.stream().map(Word::literal).collect(Collectors.toList()), env);
        return e.unanalysable().isPresent() ? Optional.empty() : Optional.of(e.hosts());
    }

    private static Endpoints curl(List<Word> args, ToolEnv env) {
        List<String> hosts = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        boolean unixSocket = false;
        boolean dashDash = false;
        boolean noProxyFromEnv = false;
        for (int i = 0; i < args.size(); ) {
            String t = args.get(i).text();
            if (dashDash || !t.startsWith("-") || t.equals("-")) {
                urls.add(t);
                i++;
                continue;
            }
            if (t.equals("--")) {
                dashDash = true;
                i++;
                continue;
            }
            List<Opt> opts = new ArrayList<>();
            i += t.startsWith("--") ? readLong(CURL, args, i, opts) : readShorts(CURL, args, i, opts);
            for (Opt o : opts) {
                if (o.option().isEmpty()) {
                    return new Endpoints(hosts, Optional.of("uses an option curl does not know or cannot tell apart (" + o.typed() + ")"));
                }
                OptionTable.Resolved r = o.option().get();
                if (r.negated()) {
                    continue;
                }
                String name = r.name();
                if (CURL_NO_TRANSFER.contains(name)) {
                    return new Endpoints(List.of(), Optional.empty()); // prints and exits
                }
                if (CURL_REDIRECTING.contains(name)) {
                    return new Endpoints(hosts, Optional.of("uses " + o.typed() + " (--" + name + ")"));
                }
                if (name.equals("url")) {
                    urls.add(o.value());
                } else if (CURL_PROXY_OPTS.contains(name)) {
                    if (!o.value().isEmpty()) {
                        hosts.addAll(urlHosts(o.value(), "http"));
                    }
                    noProxyFromEnv |= name.equals("proxy") && o.value().isEmpty();
                } else if (CURL_UNIX_SOCKET.contains(name)) {
                    unixSocket = true;
                }
            }
        }
        if (!unixSocket) {
            for (String u : urls) {
                hosts.addAll(urlHosts(u, "http"));
            }
        }
        if (!urls.isEmpty() && !noProxyFromEnv) {
            hosts.addAll(env.proxyHosts());
        }
        return new Endpoints(hosts, Optional.empty());
    }

    private static Endpoints wget(List<Word> args, ToolEnv env) {
        List<String> hosts = new ArrayList<>();
        boolean anyUrl = false;
        boolean dashDash = false;
        boolean useProxy = true;
        for (int i = 0; i < args.size(); ) {
            String t = args.get(i).text();
            if (dashDash || !t.startsWith("-") || t.equals("-")) {
                hosts.addAll(urlHosts(t, "http"));
                anyUrl = true;
                i++;
                continue;
            }
            if (t.equals("--")) {
                dashDash = true;
                i++;
                continue;
            }
            List<Opt> opts = new ArrayList<>();
            if (t.startsWith("--")) {
                i += readLong(WGET, args, i, opts);
            } else if (t.startsWith("-n") && t.length() > 1) {
                // -n takes letters (-nv, -nc, -nd, -nH, -np): GNU getopt's "n:"
                i += t.length() > 2 ? 1 : 2;
                continue;
            } else {
                i += readShorts(WGET, args, i, opts);
            }
            for (Opt o : opts) {
                if (o.option().isEmpty()) {
                    return new Endpoints(hosts, Optional.of("uses an option wget does not know or cannot tell apart (" + o.typed() + ")"));
                }
                OptionTable.Resolved r = o.option().get();
                String name = r.name();
                if (name.equals("version") || name.equals("help")) {
                    return new Endpoints(List.of(), Optional.empty());
                }
                if (name.equals("no-proxy")) {
                    useProxy = r.negated();
                } else if (name.equals("input-file") || name.equals("config") || name.equals("base")) {
                    return new Endpoints(hosts, Optional.of("uses " + o.typed() + " (--" + name + ")"));
                } else if (name.equals("execute")) {
                    Optional<String> bad = wgetrcCommand(o.value(), hosts);
                    if (bad.isPresent()) {
                        return new Endpoints(hosts, bad);
                    }
                    String cmd = o.value().replace("-", "_").replace(" ", "").toLowerCase(Locale.ROOT);
                    if (cmd.startsWith("use_proxy=") || cmd.startsWith("useproxy=")) {
                        useProxy = !isOff(cmd.substring(cmd.indexOf('=') + 1));
                    }
                }
            }
        }
        if (anyUrl && useProxy) {
            hosts.addAll(env.proxyHosts());
        }
        return new Endpoints(hosts, Optional.empty());
    }

    private static boolean isOff(String v) {
        return v.equals("off") || v.equals("0") || v.equals("no") || v.equals("false");
    }

    /** One {@code -e} wgetrc command: proxies are destinations; commands that read other files or addresses are refused. */
    private static Optional<String> wgetrcCommand(String command, List<String> hosts) {
        int eq = command.indexOf('=');
        if (eq < 0) {
            return Optional.empty(); // wget refuses it
        }
        // wgetrc ignores case, '-' and '_' in names
        String key = command.substring(0, eq).trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        String value = command.substring(eq + 1).trim();
        for (String p : WGETRC_PROXY) {
            if (key.equals(p.replace("_", ""))) {
                hosts.addAll(urlHosts(value, "http"));
                return Optional.empty();
            }
        }
        for (String r : WGETRC_REDIRECTING) {
            if (key.equals(r.replace("_", ""))) {
                return Optional.of("sets " + r + " with -e");
            }
        }
        return Optional.empty();
    }

    /**
     * ssh reads options before and after the destination (OpenSSH restarts getopt after taking the host);
     * the remote command starts at the first word that is not an option after the destination, or after
     * {@code --}.
     */
    private static Endpoints ssh(List<Word> args) {
        List<String> hosts = new ArrayList<>();
        boolean haveHost = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                if (!haveHost && i + 1 < args.size()) {
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
            if (haveHost) {
                break; // the remote command
            }
            hosts.add(sshHost(t));
            haveHost = true;
        }
        return new Endpoints(hosts, Optional.empty());
    }

    /** Whether an ssh argv connects somewhere (not -G, -V, -Q), so its effective configuration is worth asking ssh for. */
    public static boolean needsEffectiveConfig(List<String> args) {
        for (String t : args) {
            if (t.equals("--")) {
                break;
            }
            if (t.startsWith("-") && !t.startsWith("--") && (t.indexOf('G') > 0 || t.indexOf('V') > 0 || t.indexOf('Q') > 0)
                    && !t.startsWith("-o") && !t.startsWith("-J")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Judges the configuration {@code ssh -G} printed for a command (as the user, with every config file ssh reads):
     * the effective host name and jump hosts must be allowed, and no proxy or local command may run.
     */
    public static Optional<RuleHit> effectiveSsh(String sshG, List<String> allowed) {
        List<String> raw = List.of("ssh", "-G");
        for (String line : sshG.split("\n")) {
            String[] kv = line.strip().split(" ", 2);
            if (kv.length < 2) {
                continue;
            }
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv[1].strip();
            List<String> hosts = new ArrayList<>();
            if (key.equals("hostname")) {
                hosts.add(value);
            } else if (key.equals("proxyjump") && !value.equalsIgnoreCase("none")) {
                for (String j : value.split(",")) {
                    hosts.add(jumpHost(j));
                }
            } else if ((key.equals("proxycommand") || key.equals("localcommand") && sshG.contains("permitlocalcommand yes"))
                    && !value.equalsIgnoreCase("none")) {
                return Optional.of(new RuleHit(Rule.NETWORK_DESTINATION, "network.ssh", "ssh",
                        "ssh's configuration sets " + key + " (" + value + "), so its destination cannot be checked.",
                        "Connect without that configuration", raw));
            }
            for (String h : hosts) {
                Optional<String> why = Destinations.refusal(h, allowed);
                if (why.isPresent()) {
                    return Optional.of(new RuleHit(Rule.NETWORK_DESTINATION, "network.ssh", "ssh",
                            "ssh (as configured) to " + h + ": " + why.get(), Rule.NETWORK_DESTINATION.alternative(), raw));
                }
            }
        }
        return Optional.empty();
    }

    /** ssh_config keywords that change where (or through what) ssh connects, or run a local command. */
    private static final Set<String> SSH_REDIRECTING_KEYS = Set.of("hostname", "proxycommand", "include", "localcommand",
            "permitlocalcommand", "knownhostscommand", "controlpath", "controlmaster", "canonicalizehostname", "canonicaldomains",
            "canonicalizepermittedcnames", "match", "host", "tunnel", "tunneldevice");

    /** The keyword of an {@code -o} value as ssh's config parser reads it: leading blanks skipped, quotes removed, case folded. */
    static String sshOptionKey(String v) {
        String s = v.stripLeading();
        StringBuilder key = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == '"') {
                quoted = !quoted;
                continue;
            }
            if (!quoted && (ch == '=' || Character.isWhitespace(ch))) {
                break;
            }
            key.append(ch);
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }

    /** The value of an {@code -o} option (after the keyword, blanks and one '='), quotes removed. */
    static String sshOptionValue(String v) {
        String s = v.stripLeading();
        int k = 0;
        boolean quoted = false;
        while (k < s.length()) {
            char ch = s.charAt(k);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '=' || Character.isWhitespace(ch))) {
                break;
            }
            k++;
        }
        String rest = s.substring(k).stripLeading();
        if (rest.startsWith("=")) {
            rest = rest.substring(1).stripLeading();
        }
        return rest.replace("\"", "").strip();
    }

    /** scp's and sftp's options that they hand to the ssh they start (as ssh reads them); the rest stay with scp/sftp. */
    private static final String SSH_PASSED_FLAGS = "46Cqv";
    private static final String SSH_PASSED_VALUES = "cFiJo";

    /**
     * The {@code ssh -G} arguments that print the configuration the ssh started by {@code scp} or {@code sftp} would use
     * (host aliases, {@code HostName}, {@code ProxyJump}, {@code ProxyCommand}, {@code Match} blocks of every config file
     * ssh reads): the options scp/sftp pass on, in their order, then the port and user they add ({@code -p}, {@code -l}),
     * then the first remote host. Empty when the command contacts no remote (a local copy, {@code sftp -D}).
     */
    public static Optional<List<String>> sshConfigQuery(String tool, List<String> args) {
        List<Remote> remotes = sshRemotes(tool, args);
        if (remotes.isEmpty()) {
            return Optional.empty();
        }
        String values = tool.equals("scp") ? SCP_SHORT_VALUES : SFTP_SHORT_VALUES;
        List<String> q = new ArrayList<>(List.of("-G"));
        String optionPort = null;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i);
            if (t.equals("--") || !t.startsWith("-") || t.length() < 2) {
                if (t.equals("--")) {
                    break;
                }
                continue;
            }
            for (int j = 1; j < t.length(); j++) {
                char c = t.charAt(j);
                if (values.indexOf(c) >= 0) {
                    String v = j + 1 < t.length() ? t.substring(j + 1) : (i + 1 < args.size() ? args.get(++i) : "");
                    if (c == 'P') {
                        optionPort = v;
                    } else if (SSH_PASSED_VALUES.indexOf(c) >= 0) {
                        q.add("-" + c);
                        q.add(v);
                    }
                    break;
                }
                if (SSH_PASSED_FLAGS.indexOf(c) >= 0) {
                    q.add("-" + c);
                }
            }
        }
        Remote r = remotes.get(0);
        String port = r.port() != null ? r.port() : optionPort;
        if (port != null) {
            q.add("-p");
            q.add(port);
        }
        if (r.user() != null) {
            q.add("-l");
            q.add(r.user());
        }
        q.add("--");
        q.add(r.host());
        return Optional.of(q);
    }

    /** A remote an scp or sftp operand names: user and port when the operand gives them. */
    public record Remote(String user, String host, String port) {}

    /**
     * The distinct remotes of an scp or sftp command line, in order (sftp: its one destination; none with {@code -D},
     * which talks to a local server). scp contacts each of them (a remote-to-remote copy starts ssh to the first,
     * which runs scp there).
     */
    public static List<Remote> sshRemotes(String tool, List<String> args) {
        String values = tool.equals("scp") ? SCP_SHORT_VALUES : SFTP_SHORT_VALUES;
        List<Remote> out = new ArrayList<>();
        boolean dashDash = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i);
            if (!dashDash && t.equals("--")) {
                dashDash = true;
                continue;
            }
            if (!dashDash && t.startsWith("-") && t.length() > 1) {
                for (int j = 1; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (values.indexOf(c) >= 0) {
                        if (c == 'D') {
                            return List.of(); // a local sftp server: no connection
                        }
                        if (j + 1 == t.length()) {
                            i++;
                        }
                        break;
                    }
                }
                continue;
            }
            Remote r = remoteOf(t, tool.equals("scp") ? "scp://" : "sftp://", tool.equals("sftp"));
            if (r != null && !out.contains(r)) {
                out.add(r);
            }
            if (tool.equals("sftp")) {
                break; // sftp's one destination; what follows is not a host
            }
        }
        return out;
    }

    /** The remote of {@code [user@]host:path}, {@code scheme://[user@]host[:port][/path]} or (sftp) a bare {@code [user@]host}. */
    private static Remote remoteOf(String operand, String scheme, boolean bareHost) {
        String user = null;
        String port = null;
        String hostPart;
        if (operand.startsWith(scheme)) {
            String rest = operand.substring(scheme.length());
            int slash = rest.indexOf('/');
            String authority = slash >= 0 ? rest.substring(0, slash) : rest;
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                user = authority.substring(0, at);
                authority = authority.substring(at + 1);
            }
            int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
            int colon = authority.indexOf(':', Math.max(close, 0));
            if (colon >= 0 && (close < 0 || colon > close)) {
                port = authority.substring(colon + 1);
                authority = authority.substring(0, colon);
            }
            hostPart = authority;
        } else {
            Optional<String> h = remoteHost(operand);
            String dest;
            if (h.isPresent()) {
                int colon = operand.startsWith("[") || operand.contains("@[") ? operand.indexOf("]:") + 1 : operand.indexOf(':');
                dest = operand.substring(0, colon);
            } else if (bareHost) {
                dest = operand;
            } else {
                return null;
            }
            int at = dest.lastIndexOf('@');
            if (at >= 0) {
                user = dest.substring(0, at);
                dest = dest.substring(at + 1);
            }
            hostPart = dest;
        }
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            hostPart = hostPart.substring(1, hostPart.length() - 1);
        }
        return new Remote(user == null || user.isEmpty() ? null : user, hostPart, port == null || port.isEmpty() ? null : port);
    }

    /** A jump host: {@code [user@]host[:port]} or {@code ssh://…}. */
    static String jumpHost(String jump) {
        String h = sshHost(jump.strip());
        if (!jump.contains("[") && h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') > 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h;
    }

    /** Checks the value of an ssh-family option; returns why it makes the destination unknowable. */
    private static Optional<String> sshValue(char c, String v, List<String> hosts) {
        if (c == 'F') {
            return Optional.of("reads a custom ssh configuration (-F)");
        }
        if (c == 'J' && !v.equalsIgnoreCase("none")) {
            for (String jump : v.split(",")) {
                hosts.add(jumpHost(jump));
            }
        }
        if (c == 'o') {
            String key = sshOptionKey(v);
            if (key.equals("proxyjump")) {
                String value = sshOptionValue(v);
                if (!value.equalsIgnoreCase("none")) {
                    for (String jump : value.split(",")) {
                        hosts.add(jumpHost(jump));
                    }
                }
            } else if (SSH_REDIRECTING_KEYS.contains(key)) {
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
    /**
     * rsync: its remote operands, plus the remote shell it runs ({@code -e}/{@code --rsh}, or {@code RSYNC_RSH}) read as an
     * ssh command line, {@code RSYNC_PROXY} for daemon ({@code ::}, {@code rsync://}) transfers, and
     * {@code RSYNC_CONNECT_PROG} (a command run to connect) refused.
     */
    private static Endpoints rsync(List<Word> args, ToolEnv env) {
        Endpoints e = copyOperands(args, RSYNC_SHORT_VALUES, RSYNC_LONG_VALUES, false);
        if (e.unanalysable().isPresent() || e.hosts().isEmpty()) {
            return e;
        }
        if (env.get("RSYNC_CONNECT_PROG").filter(v -> !v.isBlank()).isPresent()) {
            return new Endpoints(e.hosts(), Optional.of("connects through RSYNC_CONNECT_PROG"));
        }
        List<String> hosts = new ArrayList<>(e.hosts());
        List<String> shells = new ArrayList<>();
        env.get("RSYNC_RSH").ifPresent(shells::add);
        boolean daemon = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                break;
            }
            if (t.startsWith("--rsh=")) {
                shells.add(t.substring("--rsh=".length()));
            } else if ((t.equals("--rsh") || t.equals("-e")) && i + 1 < args.size()) {
                shells.add(args.get(++i).text());
            } else if (t.startsWith("-e") && !t.startsWith("--")) {
                shells.add(t.substring(2));
            } else if (t.startsWith("-") && !t.startsWith("--") && t.indexOf('e') > 0 && t.indexOf('e') == t.length() - 1
                    && i + 1 < args.size()) {
                shells.add(args.get(++i).text()); // -avze CMD
            }
            daemon |= t.startsWith("rsync://") || (t.contains("::") && !t.startsWith("-"));
        }
        if (daemon) {
            env.get("RSYNC_PROXY").filter(v -> !v.isBlank()).ifPresent(p -> hosts.addAll(urlHosts(p, "http")));
        }
        for (String sh : shells) {
            List<String> words = List.of(sh.trim().split("\\s+"));
            if (words.isEmpty() || !words.get(0).substring(words.get(0).lastIndexOf('/') + 1).equals("ssh")) {
                return new Endpoints(hosts, Optional.of("runs a remote shell other than ssh (" + sh + ")"));
            }
            Endpoints viaSsh = ssh(words.subList(1, words.size()).stream().map(Word::literal).collect(Collectors.toList()));
            if (viaSsh.unanalysable().isPresent()) {
                return new Endpoints(hosts, viaSsh.unanalysable());
            }
            hosts.addAll(viaSsh.hosts());
        }
        return new Endpoints(hosts, Optional.empty());
    }

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
