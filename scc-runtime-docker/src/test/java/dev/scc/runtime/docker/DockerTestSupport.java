package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.scc.runtime.docker.internal.DockerJavaEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared fixtures for the real-engine suites: the offline images .ci/docker.sh imports, SCC images built FROM
 * them through docker-java with --network=none, and a test "internet": a busybox httpd at 198.51.100.10 on an
 * --internal network of its own (TEST-NET-2; eth0 of the CI machine is on 192.0.2.0/24). Every object carries
 * scc.test=RUN and is removed by that label.
 */
final class DockerTestSupport implements AutoCloseable {
    static final String ROOTFS = "scc-ci-rootfs:bookworm-2";
    static final String WEB = "scc-ci-web:bookworm-2";
    static final String WEB_IP = "198.51.100.10";
    /** The web server's IPv6 address: the test internet is dual-stack (documentation prefix, like its IPv4). */
    static final String WEB_IP6 = "2001:db8:5c::10";
    /** The host's end of the test internet's bridge: an address of the host in a range no range rule denies. */
    static final String INET_GATEWAY = "198.51.100.1";
    static final String INET_GATEWAY6 = "2001:db8:5c::1";
    static final ImageNames IMAGES = new ImageNames("scc-it-base:latest", "scc-it-egress-proxy:latest", "scc-it-agent-");

    final String run = DockerRuntimeBackend.randomId();
    final DockerClient docker;
    final String inet = "scc-it-" + run + "-inet";
    final Path scratch;

    DockerTestSupport() {
        try {
            scratch = java.nio.file.Files.createTempDirectory("scc-it-" + run + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String host = DockerJavaEngine.hostFrom(System.getenv());
        var cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        docker = DockerClientImpl.getInstance(cfg,
                new ZerodepDockerHttpClient.Builder().dockerHost(cfg.getDockerHost()).build());
    }

    /** A fresh directory under this run's scratch directory, deleted by {@link #close()}. */
    Path dir(String name) {
        try {
            return java.nio.file.Files.createTempDirectory(scratch, name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies a directory tree (test fixtures that a test changes). */
    static void copyTree(Path src, Path dst) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(src)) {
            for (Path f : files.toList()) {
                Path t = dst.resolve(src.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(t);
                } else {
                    java.nio.file.Files.copy(f, t);
                }
            }
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        return p.resolve("images").toFile().isDirectory() ? p : p.getParent();
    }

    void requireOfflineImages() {
        for (String img : List.of(ROOTFS, WEB)) {
            try {
                docker.inspectImageCmd(img).exec();
            } catch (NotFoundException e) {
                throw new IllegalStateException("test image " + img + " is missing: run .ci/docker.sh first", e);
            }
        }
    }

    /** Builds the real Dockerfiles under images/ FROM the offline rootfs, with stub agents and no network. */
    void buildImages(DockerRuntimeBackend backend) {
        new ImageBuilder(backend).build(new ImageBuilder.Options(repoRoot().resolve("images"), ROOTFS, false,
                Optional.empty(), "x", "x", true, true), List.of("claude", "codex"), true, line -> { });
    }

    /**
     * The test internet: internal dual-stack network 198.51.100.0/24 and 2001:db8:5c::/64 (IPv6 enabled on this
     * network only; the daemon's configuration is untouched) with the web server at .10 and ::10 (HTTP on 80 and
     * 443). With IPv6 on the proxy's egress network Squid's IPv6 rules are live: without it Squid starts with
     * IPv6 off and parses every IPv6 {@code dst} rule as a no-op.
     */
    void startInternet() {
        docker.createNetworkCmd().withName(inet).withInternal(true).withLabels(Map.of("scc.test", run))
                .withEnableIpv6(true)
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("198.51.100.0/24")
                        .withGateway(INET_GATEWAY), new Network.Ipam.Config().withSubnet("2001:db8:5c::/64")
                        .withGateway(INET_GATEWAY6)))
                .exec();
        String id = docker.createContainerCmd(WEB).withName("scc-it-" + run + "-web").withLabels(Map.of("scc.test", run))
                .withCmd("sh", "-c", "httpd -p 443 -h /www; exec httpd -f -p 80 -h /www")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(inet).withDns("127.0.0.1"))
                .withIpv4Address(WEB_IP).withIpv6Address(WEB_IP6).exec().getId();
        docker.startContainerCmd(id).exec();
    }

    /**
     * Runs {@code cmd} in a container of the offline rootfs on an internal network as Docker creates one by
     * default (the host's end of the bridge keeps the gateway address): the control for host-reachability tests.
     * Returns stdout; removes container and network.
     */
    String runOnPlainInternalNetwork(List<String> cmd) throws InterruptedException {
        String net = "scc-it-" + run + "-plain";
        String netId = docker.createNetworkCmd().withName(net).withInternal(true).withLabels(Map.of("scc.test", run))
                .exec().getId();
        String id = docker.createContainerCmd(ROOTFS).withName(net + "-probe").withLabels(Map.of("scc.test", run))
                .withCmd(cmd).withHostConfig(HostConfig.newHostConfig().withNetworkMode(net).withDns("127.0.0.1"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(60, java.util.concurrent.TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(false)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame f) {
                            out.append(new String(f.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
            return out.toString();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
            docker.removeNetworkCmd(netId).exec();
        }
    }

    DockerBackendConfig config(Path stateDir) {
        return DockerBackendConfig.fromEnvironment(System.getenv()).withStateDir(stateDir).withImages(IMAGES)
                .withEgress(inet, List.of("127.0.0.1"), List.of("web.test:" + WEB_IP, "private.test:10.99.0.1",
                        "metadata.test:169.254.169.254", "web6.test:" + WEB_IP6,
                        // Allowed names resolving to special-purpose addresses (the attack matrix's range rows)
                        "gateway.test:" + INET_GATEWAY, "gateway6.test:" + INET_GATEWAY6, "bench.test:198.18.0.10",
                        "cgnat.test:100.64.0.10", "multicast.test:224.0.0.251", "zero.test:0.0.0.1",
                        "protocol.test:192.0.0.10", "ula6.test:fd00:5c::10", "nat64.test:64:ff9b::c633:640a",
                        "sixto4.test:2002:c633:640a::1", "teredo.test:2001::c633:640a", "linklocal6.test:fe80::1"));
    }

    /** Containers, networks and volumes carrying {@code label=value}. */
    List<String> objects(String label, String value) {
        List<String> out = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, value)).exec()
                .forEach(c -> out.add("container " + c.getNames()[0]));
        docker.listNetworksCmd().withFilter("label", List.of(label + "=" + value)).exec()
                .forEach(n -> out.add("network " + n.getName()));
        var vols = docker.listVolumesCmd().withFilter("label", List.of(label + "=" + value)).exec().getVolumes();
        if (vols != null) {
            vols.forEach(v -> out.add("volume " + v.getName()));
        }
        return out;
    }

    void assertNothingLabelled(String label, String value) {
        assertThat(objects(label, value)).as("objects labelled " + label + "=" + value).isEmpty();
    }

    @Override
    public void close() {
        Map<String, String> mine = Map.of("scc.test", run);
        docker.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        docker.listNetworksCmd().withFilter("label", List.of("scc.test=" + run)).exec()
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        try {
            docker.close();
        } catch (java.io.IOException e) {
            // nothing left to release
        }
        try (var files = java.nio.file.Files.walk(scratch)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            // a leftover scratch directory under the temp dir is harmless
        }
    }
}
