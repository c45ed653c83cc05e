package dev.scc.runtime.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the Docker backend reaches the engine and builds sessions.
 *
 * @param dockerHost engine address ({@code DOCKER_HOST})
 * @param stateDir where session records live ({@code $XDG_STATE_HOME/scc/sessions})
 * @param images image references
 * @param blockedBaseImages {@code security.blocked_base_images}
 * @param egressNetwork the network the proxy's second leg joins ({@code bridge} by default)
 * @param proxyDns DNS servers for the proxy (empty: the engine's default)
 * @param proxyExtraHosts {@code name:ip} entries for the proxy's /etc/hosts
 * @param agentUser the uid:gid the agent runs as (the image's entrypoint drops to it)
 * @param proxyReadyTimeoutMillis how long to wait for Squid to accept connections
 * @param approvals wire the approval channel into each agent container: the session's host directory
 *     {@code <stateDir>/<id>/approvals/} ({@code requests/} read-write, {@code answers/} read-only) and its key,
 *     copied in as {@code /etc/scc/approval.key} readable by the evaluator's user only ({@code SCC_APPROVALS})
 * @param wrappedPrograms programs the agent image must have been built to wrap (its
 *     {@value ImageNames#WRAPPED_PROGRAMS_LABEL} label): the enforced command rules of the org and team name them
 */
public record DockerBackendConfig(
        String dockerHost,
        Path stateDir,
        ImageNames images,
        BlockedBaseImages blockedBaseImages,
        String egressNetwork,
        List<String> proxyDns,
        List<String> proxyExtraHosts,
        String agentUser,
        long proxyReadyTimeoutMillis,
        boolean approvals,
        java.util.Set<String> wrappedPrograms) {

    public DockerBackendConfig {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(blockedBaseImages, "blockedBaseImages");
        Objects.requireNonNull(egressNetwork, "egressNetwork");
        Objects.requireNonNull(agentUser, "agentUser");
        proxyDns = List.copyOf(proxyDns);
        proxyExtraHosts = List.copyOf(proxyExtraHosts);
        wrappedPrograms = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(wrappedPrograms));
    }

    /** A configuration that requires no program wrapped beyond install-wrappers.sh's own list. */
    public DockerBackendConfig(String dockerHost, Path stateDir, ImageNames images, BlockedBaseImages blockedBaseImages,
            String egressNetwork, List<String> proxyDns, List<String> proxyExtraHosts, String agentUser,
            long proxyReadyTimeoutMillis, boolean approvals) {
        this(dockerHost, stateDir, images, blockedBaseImages, egressNetwork, proxyDns, proxyExtraHosts, agentUser,
                proxyReadyTimeoutMillis, approvals, java.util.Set.of());
    }

    /**
     * Defaults from the environment: DOCKER_HOST, XDG_STATE_HOME (else ~/.local/state), and for CI and
     * benchmarks SCC_IMAGE_PREFIX (default {@code scc-}; images are tagged {@link ImageNames#VERSION}),
     * SCC_EGRESS_NETWORK (default {@code bridge}), SCC_PROXY_DNS (comma-separated; default: the engine's),
     * SCC_PROXY_HOSTS (comma-separated {@code name:ip} entries for the proxy's /etc/hosts, e.g. a test network's
     * model endpoint; default none), SCC_APPROVALS ({@code true} or {@code 1}: wire
     * the approval channel; default off).
     */
    public static DockerBackendConfig fromEnvironment(Map<String, String> env) {
        String h = env.get("DOCKER_HOST");
        String dockerHost = h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
        String prefix = nonBlank(env.get("SCC_IMAGE_PREFIX"), "scc-");
        ImageNames images = ImageNames.forPrefix(prefix);
        String dns = nonBlank(env.get("SCC_PROXY_DNS"), "");
        String hosts = nonBlank(env.get("SCC_PROXY_HOSTS"), "");
        return new DockerBackendConfig(dockerHost, stateDir(env), images, BlockedBaseImages.none(),
                nonBlank(env.get("SCC_EGRESS_NETWORK"), "bridge"),
                dns.isEmpty() ? List.of() : List.of(dns.split(",")),
                hosts.isEmpty() ? List.of() : List.of(hosts.split(",")), "1000:1000", 20_000,
                List.of("true", "1").contains(nonBlank(env.get("SCC_APPROVALS"), "false")));
    }

    private static String nonBlank(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /** {@code $XDG_STATE_HOME/scc/sessions}, defaulting to {@code ~/.local/state/scc/sessions}. */
    public static Path stateDir(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("scc").resolve("sessions");
    }

    public DockerBackendConfig withImages(ImageNames i) {
        return new DockerBackendConfig(dockerHost, stateDir, i, blockedBaseImages, egressNetwork, proxyDns,
                proxyExtraHosts, agentUser, proxyReadyTimeoutMillis, approvals, wrappedPrograms);
    }

    public DockerBackendConfig withBlockedBaseImages(BlockedBaseImages b) {
        return new DockerBackendConfig(dockerHost, stateDir, images, b, egressNetwork, proxyDns, proxyExtraHosts,
                agentUser, proxyReadyTimeoutMillis, approvals, wrappedPrograms);
    }

    public DockerBackendConfig withEgress(String network, List<String> dns, List<String> extraHosts) {
        return new DockerBackendConfig(dockerHost, stateDir, images, blockedBaseImages, network, dns, extraHosts,
                agentUser, proxyReadyTimeoutMillis, approvals, wrappedPrograms);
    }

    public DockerBackendConfig withStateDir(Path dir) {
        return new DockerBackendConfig(dockerHost, dir, images, blockedBaseImages, egressNetwork, proxyDns,
                proxyExtraHosts, agentUser, proxyReadyTimeoutMillis, approvals, wrappedPrograms);
    }

    public DockerBackendConfig withDockerHost(String host) {
        return new DockerBackendConfig(host, stateDir, images, blockedBaseImages, egressNetwork, proxyDns,
                proxyExtraHosts, agentUser, proxyReadyTimeoutMillis, approvals, wrappedPrograms);
    }

    public DockerBackendConfig withApprovals(boolean on) {
        return new DockerBackendConfig(dockerHost, stateDir, images, blockedBaseImages, egressNetwork, proxyDns,
                proxyExtraHosts, agentUser, proxyReadyTimeoutMillis, on, wrappedPrograms);
    }

    /** This configuration requiring the agent image to wrap {@code programs}. */
    public DockerBackendConfig withWrappedPrograms(java.util.Set<String> programs) {
        return new DockerBackendConfig(dockerHost, stateDir, images, blockedBaseImages, egressNetwork, proxyDns,
                proxyExtraHosts, agentUser, proxyReadyTimeoutMillis, approvals, programs);
    }
}
