package dev.scc.runtime.docker.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SquidAclCompilerTest {
    private final SquidAclCompiler compiler = new SquidAclCompiler();

    private static List<String> accessLines(String acl) {
        return acl.lines().filter(l -> l.startsWith("http_access")).toList();
    }

    @Test
    void ordersLiteralDenyThenUnlistedDenyThenRangesThenAllowThenDenyAll() {
        String acl = compiler.compile(EgressAllowlist.of(List.of("api.anthropic.com", ".github.com")));
        assertThat(accessLines(acl)).containsExactly(
                "http_access deny scc_ip_literal",
                "http_access deny !scc_allowed",
                "http_access deny scc_metadata",
                "http_access deny scc_private_v4",
                "http_access deny scc_private_v6",
                "http_access allow scc_allowed",
                "http_access deny all");
    }

    @Test
    void namesAreMatchedWithoutDnsAndLiteralsWithoutReverseDns() {
        String acl = compiler.compile(EgressAllowlist.of(List.of("api.openai.com")));
        assertThat(acl).contains("acl scc_allowed dstdomain -n api.openai.com\n");
        assertThat(acl).containsPattern("acl scc_ip_literal dstdom_regex -n \\S+ \\S+\n");
    }

    @Test
    void deniesMetadataPrivateAndIpv6RangesForAllowedNames() {
        String acl = compiler.compile(EgressAllowlist.of(List.of("x.example")));
        assertThat(acl).contains("169.254.169.254", "fd00:ec2::254", "10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "::1", "fc00::/7", "fe80::/10");
        // Squid 5.7 parses "dst ::ffff:0:0/96" as an empty ACL: a silent no-op that must not pose as protection.
        assertThat(acl).doesNotContain("::ffff:0:0/96");
    }

    @Test
    void deniesBenchmarkingCgnatMulticastAndOtherSpecialRangesForAllowedNames() {
        String acl = compiler.compile(EgressAllowlist.of(List.of("x.example")));
        assertThat(acl).contains("198.18.0.0/15", "100.64.0.0/10", "224.0.0.0/4", "0.0.0.0/8", "240.0.0.0/4",
                "192.0.0.0/24", "192.88.99.0/24", "::/96", "64:ff9b::/96", "2002::/16", "2001::/23", "ff00::/8",
                "fec0::/10");
    }

    @Test
    void hostAddressesAreDeniedBeforeTheAllowRuleWhateverTheirRange() {
        List<String> lines = compiler.compile(EgressAllowlist.of(List.of("x.example")),
                List.of("192.0.2.2", "FD00::2", "fe80::1%eth0", "192.0.2.2")).lines().toList();
        assertThat(lines).contains("acl scc_host dst 192.0.2.2 fd00::2 fe80::1");
        assertThat(lines.indexOf("http_access deny scc_host")).isPositive()
                .isLessThan(lines.indexOf("http_access allow scc_allowed"));
    }

    @Test
    void aHostAddressThatIsNotAnIpLiteralIsRefused() {
        assertThatThrownBy(() -> compiler.compile(EgressAllowlist.of(List.of("x.example")),
                List.of("10.0.0.1 all")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.1 all'");
    }

    @Test
    void emptyAllowlistDeniesEverything() {
        assertThat(accessLines(compiler.compile(EgressAllowlist.of(List.of()))))
                .containsExactly("http_access deny scc_ip_literal", "http_access deny all");
    }

    @Test
    void literalRegexesMatchIpv4AndIpv6LiteralsButNotNames() {
        Pattern v4 = Pattern.compile(SquidAclCompiler.IPV4_LITERAL_REGEX);
        Pattern v6 = Pattern.compile(SquidAclCompiler.IPV6_LITERAL_REGEX);
        for (String lit : List.of("198.51.100.10", "169.254.169.254", "2130706433", "10.1")) {
            assertThat(v4.matcher(lit).matches()).as(lit).isTrue();
        }
        for (String lit : List.of("[::1]", "::1", "[fd00:ec2::254]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]")) {
            assertThat(v6.matcher(lit).matches()).as(lit).isTrue();
        }
        for (String name : List.of("cafe.de", "beef", "api.anthropic.com", "123.example")) {
            assertThat(v4.matcher(name).matches() || v6.matcher(name).matches()).as(name).isFalse();
        }
    }

    @Test
    void refusesIpLiteralsCidrsAndMalformedNamesNamingTheEntry() {
        for (String bad : List.of("10.0.0.1", "10.0.0.0/8", "::1", "[::1]", "a..b", "-x.com", "exa mple.com", "*", ".com",
                "*.*.x.com", "")) {
            assertThatThrownBy(() -> EgressAllowlist.of(List.of(bad))).as(bad)
                    .isInstanceOf(EgressPolicyException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void normalisesCaseWildcardsAndDropsNamesCoveredBySuffixes() {
        EgressAllowlist a = EgressAllowlist.of(List.of("API.GitHub.com", "*.github.com", "github.com", "b.test."));
        assertThat(a.entries()).containsExactly(".github.com", "b.test");
        assertThat(a.allows("github.com")).isTrue();
        assertThat(a.allows("codeload.github.com")).isTrue();
        assertThat(a.allows("evilgithub.com")).isFalse();
        assertThat(a.allows("c.b.test")).isFalse();
    }

    @Property(tries = 200)
    void compiledOutputDoesNotDependOnInputOrder(@ForAll @Size(max = 6) List<@AlphaChars @StringLength(min = 1, max = 8) String> labels) {
        List<String> hosts = labels.stream().map(l -> l.toLowerCase() + ".example").toList();
        List<String> shuffled = new ArrayList<>(hosts);
        Collections.reverse(shuffled);
        assertThat(compiler.compile(EgressAllowlist.of(shuffled))).isEqualTo(compiler.compile(EgressAllowlist.of(hosts)));
    }

    @Property(tries = 200)
    void everyCompiledAclStartsWithTheLiteralDenyAndEndsWithDenyAll(
            @ForAll @Size(max = 6) List<@AlphaChars @StringLength(min = 1, max = 8) String> labels) {
        List<String> lines = accessLines(compiler.compile(EgressAllowlist.of(
                labels.stream().map(l -> "h" + l.toLowerCase() + ".test").toList())));
        assertThat(lines.get(0)).isEqualTo("http_access deny scc_ip_literal");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("http_access deny all");
        if (lines.size() > 2) {
            assertThat(lines.get(1)).isEqualTo("http_access deny !scc_allowed");
        }
    }
}
