package dev.scc.safety.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import dev.scc.safety.it.RealParts;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ground truth is the tool: generated curl, wget and ssh command lines are run for real (loopback only) and every
 * host the real tool contacts (a connection to one of three loopback listeners standing for the target, a proxy
 * and a pre-proxy) or would contact ({@code ssh -G}: hostname, proxyjump, proxycommand) must be among the
 * endpoints the engine reads from the same argv, or the engine must refuse to tell (and so block).
 */
class NetworkDifferentialIT {
    private static final List<String> ADDRS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final List<ServerSocket> LISTENERS = new ArrayList<>();
    private static final Set<String> CONTACTED = Collections.synchronizedSet(new HashSet<>());
    private static int port;
    private static Path home;

    @BeforeContainer
    static void listen() throws IOException {
        home = Files.createTempDirectory("scc-netdiff");
        ServerSocket first = new ServerSocket();
        first.bind(new InetSocketAddress(InetAddress.getByName(ADDRS.get(0)), 0));
        port = first.getLocalPort();
        LISTENERS.add(first);
        for (String a : ADDRS.subList(1, ADDRS.size())) {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName(a), port));
            LISTENERS.add(s);
        }
        for (ServerSocket s : LISTENERS) {
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        CONTACTED.add(c.getLocalAddress().getHostAddress());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    @AfterContainer
    static void close() throws IOException {
        for (ServerSocket s : LISTENERS) {
            s.close();
        }
    }

    private record Outcome(int code, String out) {}

    private static Outcome run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Outcome(p.exitValue(), out);
    }

    private static boolean has(String tool) {
        return Files.isExecutable(Path.of("/usr/bin/" + tool));
    }

    @Example
    void theListenersSeeWhatTheRealToolContacts() throws Exception {
        RealParts.require(has("curl"), "curl at /usr/bin/curl");
        CONTACTED.clear();
        run(List.of("/usr/bin/curl", "-q", "-s", "--max-time", "3", "--prox", ADDRS.get(1) + ":" + port, "-x", ADDRS.get(2) + ":" + port,
                "http://" + ADDRS.get(0) + ":" + port + "/"), Map.of());
        Thread.sleep(50);
        // the last proxy option wins; the ambiguous --prox is refused by curl 7.88 (nothing runs), as the engine reads it
        assertThat(NetworkRules.endpoints("curl", List.of("-x", ADDRS.get(2) + ":1", "http://x.example/"), ToolEnv.NONE).orElseThrow())
                .contains(ADDRS.get(2));
        assertThat(NetworkRules.endpoints("curl", List.of("--prox", "a:1", "http://x.example/"), ToolEnv.NONE)).isEmpty();
        CONTACTED.clear();
        run(List.of("/usr/bin/curl", "-q", "-s", "--max-time", "3", "-x", ADDRS.get(1) + ":" + port, "http://" + ADDRS.get(0) + ":" + port
                + "/"), Map.of());
        Thread.sleep(50);
        assertThat(CONTACTED).containsExactly(ADDRS.get(1));
    }

    // ---- curl ---------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<String>> curlArgs() {
        String url = "http://" + ADDRS.get(0) + ":%d/x";
        String proxy = ADDRS.get(1) + ":%d";
        String pre = ADDRS.get(2) + ":%d";
        Arbitrary<List<String>> target = Arbitraries.of(List.of(url), List.of("--url", url), List.of("--ur", url), List.of("--url=" + url),
                List.of("--", url));
        Arbitrary<List<String>> proxyOpt = Arbitraries.of(List.of(), List.of("-x", proxy), List.of("-x" + proxy), List.of("--proxy", proxy),
                List.of("--proxy=" + proxy), List.of("--prox", proxy), List.of("-sSx", proxy), List.of("--socks5", proxy),
                List.of("--socks5-hostname", proxy), List.of("--socks5-h", proxy), List.of("--socks4a", proxy), List.of("--proxy1.0", proxy),
                List.of("--preproxy", pre, "-x", proxy), List.of("--noproxy", "*", "-x", proxy));
        Arbitrary<List<String>> harmless = Arbitraries.of(List.of("-s"), List.of("--retry", "0"), List.of("-m", "3"),
                List.of("--max-time", "3"), List.of("--parallel-max", "5"), List.of("-H", "Host: evil.example"), List.of("--no-location"),
                List.of("-o", "/dev/null"), List.of("--compressed"), List.of("-fsS"), List.of("--connect-timeout", "2"),
                List.of("--user-agent", "x"), List.of("-e", "evil.example"));
        return Combinators.combine(harmless.list().ofMaxSize(2), proxyOpt, harmless.list().ofMaxSize(2), target)
                .as((a, p, b, t) -> {
                    List<String> all = new ArrayList<>();
                    a.forEach(all::addAll);
                    all.addAll(p);
                    b.forEach(all::addAll);
                    all.addAll(t);
                    all.replaceAll(s -> s.contains("%d") ? String.format(s, port) : s);
                    return all;
                });
    }

    @Provide
    Arbitrary<Map<String, String>> proxyEnv() {
        return Arbitraries.of(Map.of(), Map.of("http_proxy", "http://" + ADDRS.get(1) + ":" + "PORT"),
                Map.of("ALL_PROXY", "http://" + ADDRS.get(2) + ":PORT"), Map.of("HTTP_PROXY", "http://" + ADDRS.get(1) + ":PORT"));
    }

    private static Map<String, String> withPort(Map<String, String> env) {
        Map<String, String> m = new HashMap<>();
        env.forEach((k, v) -> m.put(k, v.replace("PORT", Integer.toString(port))));
        return m;
    }

    @Property(tries = 120)
    void everyHostCurlContactsIsOneTheEngineSees(@ForAll("curlArgs") List<String> args, @ForAll("proxyEnv") Map<String, String> env)
            throws Exception {
        RealParts.require(has("curl"), "curl at /usr/bin/curl");
        assertContactsSeen("curl", List.of("-q", "--max-time", "3"), args, env);
    }

    /** Runs the real tool (fixed {@code prefix} options first) and checks every listener it reached is an endpoint the engine reads. */
    private static void assertContactsSeen(String tool, List<String> prefix, List<String> args, Map<String, String> env) throws Exception {
        Map<String, String> e = withPort(env);
        Optional<List<String>> seen = NetworkRules.endpoints(tool, args, new ToolEnv(e, Map.of()));
        CONTACTED.clear();
        List<String> argv = new ArrayList<>(List.of("/usr/bin/" + tool));
        argv.addAll(prefix);
        argv.addAll(args);
        Outcome o = run(argv, e);
        Thread.sleep(20);
        Set<String> contacted = new HashSet<>(CONTACTED);
        if (seen.isPresent()) {
            assertThat(seen.get()).as(tool + " " + args + " env " + e + " contacted " + contacted + "\n" + o.out()).containsAll(contacted);
        }
    }

    // ---- wget ---------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<String>> wgetArgs() {
        String url = "http://" + ADDRS.get(0) + ":%d/x";
        String proxy = "http://" + ADDRS.get(1) + ":%d";
        Arbitrary<List<String>> proxyOpt = Arbitraries.of(List.of(), List.of("-e", "http_proxy=" + proxy), List.of("-ehttp_proxy=" + proxy),
                List.of("--execute=http-proxy=" + proxy), List.of("--exec", "HTTP_Proxy = " + proxy), List.of("-e", "use_proxy=off"),
                List.of("--no-proxy"), List.of("--no-prox"));
        Arbitrary<List<String>> harmless = Arbitraries.of(List.of("-q"), List.of("--max-redirect", "2"), List.of("-t", "1"),
                List.of("--tries=1"), List.of("-O", "/dev/null"), List.of("-nv"), List.of("--timeout", "2"), List.of("-e", "robots=off"),
                List.of("--post-data", "evil.example"), List.of("--header", "Host: evil.example"));
        return Combinators.combine(harmless.list().ofMaxSize(2), proxyOpt, harmless.list().ofMaxSize(2))
                .as((a, p, b) -> {
                    List<String> all = new ArrayList<>();
                    a.forEach(all::addAll);
                    all.addAll(p);
                    b.forEach(all::addAll);
                    all.add(url);
                    all.replaceAll(s -> s.contains("%d") ? String.format(s, port) : s);
                    return all;
                });
    }

    @Property(tries = 80)
    void everyHostWgetContactsIsOneTheEngineSees(@ForAll("wgetArgs") List<String> args, @ForAll("proxyEnv") Map<String, String> env)
            throws Exception {
        RealParts.require(has("wget"), "wget at /usr/bin/wget");
        assertContactsSeen("wget", List.of("--no-config", "--tries=1", "--timeout=3"), args, env);
    }

    // ---- ssh (ssh -G: the effective configuration, no connection) ------------------------------

    @Provide
    Arbitrary<List<String>> sshArgs() {
        Arbitrary<List<String>> opt = Arbitraries.of(List.of("-p", "22"), List.of("-v"), List.of("-4"), List.of("-l", "git"),
                List.of("-o", "User=x"), List.of("-oHostName=evil.example"), List.of("-o", "HostName evil.example"),
                List.of("-o", " hostname=evil.example"), List.of("-o", "\"HostName\" evil.example"), List.of("-o", "HOSTNAME\t= evil.example"),
                List.of("-J", "evil.example"), List.of("-Jevil.example:22"), List.of("-J", "git@github.com:22"),
                List.of("-o", "ProxyJump=evil.example"), List.of("-o", "proxyjump none"), List.of("-o", "ProxyCommand=nc evil.example 22"),
                List.of("-oproxycommand none"), List.of("-o", "ControlPath=/tmp/x"), List.of("-C"), List.of("-T"));
        return Combinators.combine(opt.list().ofMaxSize(2), opt.list().ofMaxSize(2), Arbitraries.of(true, false))
                .as((before, after, command) -> {
                    List<String> all = new ArrayList<>();
                    before.forEach(all::addAll);
                    all.add("github.com");
                    after.forEach(all::addAll);
                    if (command) {
                        all.add("uptime");
                    }
                    return all;
                });
    }

    @Property(tries = 150)
    void everyHostSshWouldContactIsOneTheEngineSees(@ForAll("sshArgs") List<String> args) throws Exception {
        RealParts.require(has("ssh"), "ssh at /usr/bin/ssh");
        Optional<List<String>> seen = NetworkRules.endpoints("ssh", args, ToolEnv.NONE);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/ssh", "-G", "-F", "/dev/null"));
        argv.addAll(args);
        Outcome o = run(argv, Map.of());
        if (o.code() != 0 || seen.isEmpty()) {
            return; // ssh refuses the line, or the engine refuses to tell (and blocks)
        }
        Set<String> real = new HashSet<>();
        boolean proxyCommand = false;
        for (String line : o.out().split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length < 2) {
                continue;
            }
            if (kv[0].equals("hostname")) {
                real.add(kv[1].strip());
            } else if (kv[0].equals("proxyjump")) {
                for (String j : kv[1].split(",")) {
                    real.add(NetworkRules.jumpHost(j));
                }
            } else if (kv[0].equals("proxycommand") && !kv[1].strip().equals("none")) {
                proxyCommand = true;
            }
        }
        assertThat(proxyCommand).as("ssh " + args + " would run a proxy command the engine allowed").isFalse();
        assertThat(seen.get()).as("ssh " + args + " -> " + real).containsAll(real);
    }

    // ---- scp and sftp (the ssh they start, recorded with -S, against the engine's ssh -G query) -------

    private static final String SSH_CONFIG = "Host gh\n  HostName github.com\n  User git\n  Port 2222\n"
            + "Host jumpy\n  HostName jumped.example\n  ProxyJump bastion.example:2200\n"
            + "Match user alice\n  HostName matched.example\n"
            + "Host *.internal\n  ProxyCommand nc %h %p\n"
            + "Host *\n  Port 2022\n";

    @Provide
    Arbitrary<List<String>> scpOptions() {
        return Arbitraries.of(List.of("-P", "2201"), List.of("-P2202"), List.of("-4"), List.of("-C"), List.of("-q"), List.of("-v"),
                List.of("-o", "Port=2300"), List.of("-oHostName=other.example"), List.of("-o", "User bob"), List.of("-J", "j.example"),
                List.of("-Jj2.example:22"), List.of("-o", "ProxyJump=pj.example"), List.of("-i", "/nonexistent/id"), List.of("-l", "100"),
                List.of("-r"), List.of("-p"), List.of("-T"), List.of("-c", "aes128-ctr"), List.of("-rp"), List.of("-Cq"), List.of("-6"))
                .list().ofMaxSize(3).map(l -> {
                    List<String> all = new ArrayList<>();
                    l.forEach(all::addAll);
                    return all;
                });
    }

    @Provide
    Arbitrary<String> scpRemote() {
        return Arbitraries.of("gh:f", "alice@host.example:f", "jumpy:x", "scp://bob@gh:2203/x", "scp://gh/x", "host.example:dir/f",
                "svc.internal:f", "git@gh:f", "alice@jumpy:f", "scp://alice@host.example/f");
    }

    @Provide
    Arbitrary<String> sftpDestination() {
        return Arbitraries.of("gh", "gh:path", "alice@host.example", "jumpy", "sftp://bob@gh:2203/p", "sftp://gh", "svc.internal:x",
                "alice@jumpy:d/f");
    }

    @Property(tries = 120)
    void scpJudgesTheConfigurationOfTheSshItStarts(@ForAll("scpOptions") List<String> opts, @ForAll("scpRemote") String remote,
            @ForAll boolean upload) throws Exception {
        RealParts.require(has("scp") && has("ssh"), "scp and ssh at /usr/bin");
        List<String> args = new ArrayList<>(opts);
        args.addAll(upload ? List.of("local.txt", remote) : List.of(remote, "local.txt"));
        assertSameSshConfiguration("scp", args);
    }

    @Property(tries = 80)
    void sftpJudgesTheConfigurationOfTheSshItStarts(@ForAll("scpOptions") List<String> opts, @ForAll("sftpDestination") String dest)
            throws Exception {
        RealParts.require(has("sftp") && has("ssh"), "sftp and ssh at /usr/bin");
        List<String> args = new ArrayList<>(opts.stream().filter(o -> !o.equals("-T") && !o.equals("-rp")).collect(
                java.util.stream.Collectors.toList()));
        args.add(dest);
        assertSameSshConfiguration("sftp", args);
    }

    @Example
    void theRecorderSeesTheSshCommandLineScpAndSftpStart() throws Exception {
        RealParts.require(has("scp") && has("sftp") && has("ssh"), "scp, sftp and ssh at /usr/bin");
        assertThat(assertSameSshConfiguration("scp", List.of("-P", "2201", "-o", "User=bob", "local.txt", "gh:f")))
                .as("scp started ssh, and ssh -G accepted its line").contains("0");
        assertThat(assertSameSshConfiguration("sftp", List.of("-J", "j.example", "sftp://alice@jumpy:2203/p")))
                .as("sftp started ssh, and ssh -G accepted its line").contains("0");
    }

    /**
     * Runs the real scp/sftp with {@code -S} pointing at a recorder (no connection: it records the ssh argv and fails),
     * then compares what {@code ssh -G} prints for that recorded argv with what it prints for the engine's query:
     * host name, port, user, jump hosts and proxy command must agree.
     * Returns the exit status of {@code ssh -G} for the line the real tool started (the engine's query must end
     * the same: a line ssh itself refuses, such as two {@code -J}, fails both ways), or empty when the real tool
     * refused the line before starting ssh.
     */
    private static Optional<String> assertSameSshConfiguration(String tool, List<String> args) throws Exception {
        Path cfg = home.resolve("ssh_config");
        if (!Files.exists(cfg)) {
            Files.writeString(cfg, SSH_CONFIG);
        }
        Path rec = home.resolve("rec.sh");
        Path recorded = home.resolve("recorded.txt");
        if (!Files.exists(rec)) {
            Files.writeString(rec, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '" + recorded + "'\nexit 1\n");
            Files.setPosixFilePermissions(rec, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        Files.deleteIfExists(recorded);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/" + tool, "-F", cfg.toString(), "-S", rec.toString()));
        argv.addAll(args);
        run(argv, Map.of());
        Optional<List<String>> query = NetworkRules.sshConfigQuery(tool, args);
        if (!Files.exists(recorded)) {
            return Optional.empty(); // the real tool refused the line before starting ssh
        }
        assertThat(query).as(tool + " " + args + " started ssh, but the engine asks nothing").isPresent();
        List<String> sshArgv = new ArrayList<>(List.of(new String(Files.readAllBytes(recorded), StandardCharsets.UTF_8).split("\0")));
        int dd = sshArgv.indexOf("--");
        assertThat(dd).as("recorded " + sshArgv).isPositive();
        List<String> real = new ArrayList<>(List.of("/usr/bin/ssh", "-G"));
        real.addAll(sshArgv); // with the subsystem or remote command: ssh -G refuses -s without one
        List<String> ours = new ArrayList<>(List.of("/usr/bin/ssh", "-G", "-F", cfg.toString()));
        ours.addAll(query.get().subList(1, query.get().size()));
        Map<String, String> a = effective(run(real, Map.of()));
        Map<String, String> b = effective(run(ours, Map.of()));
        assertThat(b).as(tool + " " + args + "\nscp ran: " + real + "\nengine asked: " + ours).isEqualTo(a);
        return Optional.of(a.get("exit"));
    }

    private static Map<String, String> effective(Outcome o) {
        Map<String, String> m = new HashMap<>();
        m.put("exit", String.valueOf(o.code()));
        for (String line : o.out().split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length == 2 && Set.of("hostname", "port", "user", "proxyjump", "proxycommand").contains(kv[0])) {
                m.put(kv[0], kv[1].strip());
            }
        }
        return m;
    }
}
