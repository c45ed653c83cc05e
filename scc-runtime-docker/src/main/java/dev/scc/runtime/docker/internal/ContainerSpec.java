package dev.scc.runtime.docker.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to create; {@link Engine} adds {@code --cap-drop ALL} and {@code no-new-privileges} to every one.
 *
 * @param networkMode a network name, {@code none} or {@code bridge}
 * @param dns DNS servers; {@code 127.0.0.1} leaves the container without a resolver
 * @param extraHosts {@code name:ip} entries for /etc/hosts
 * @param capAdd capabilities granted back (the agent gets SETUID/SETGID for its entrypoint's one-way drop)
 * @param sysctls namespaced kernel settings (the agent on an internal network gets IPv6 switched off: its
 *     link-local address would otherwise reach the host's end of the bridge)
 * @param entrypoint replaces the image's entrypoint when present
 * @param openStdin the container's standard input stays open until its first attach closes it (the broker reads its
 *     credentials there, once: {@link Engine#startWithStdin})
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> labels,
        Optional<String> user,
        List<String> cmd,
        Map<String, String> env,
        String networkMode,
        List<String> dns,
        List<String> extraHosts,
        List<Mount> mounts,
        List<String> capAdd,
        boolean readOnlyRootfs,
        Map<String, String> tmpfs,
        boolean init,
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        Optional<String> workingDir,
        Map<String, String> sysctls,
        Optional<List<String>> entrypoint,
        boolean openStdin) {

    /** A bind mount (host path) or a named volume. */
    public record Mount(String source, String target, boolean readOnly, boolean volume) {}

    /** Without sysctls. */
    public ContainerSpec(String name, String image, Map<String, String> labels, Optional<String> user, List<String> cmd,
            Map<String, String> env, String networkMode, List<String> dns, List<String> extraHosts, List<Mount> mounts,
            List<String> capAdd, boolean readOnlyRootfs, Map<String, String> tmpfs, boolean init, long memoryBytes,
            long nanoCpus, long pidsLimit, Optional<String> workingDir) {
        this(name, image, labels, user, cmd, env, networkMode, dns, extraHosts, mounts, capAdd, readOnlyRootfs, tmpfs,
                init, memoryBytes, nanoCpus, pidsLimit, workingDir, Map.of(), Optional.empty(), false);
    }

    /** This spec with {@code argv} as its entrypoint (no command) and standard input open for one attach. */
    public ContainerSpec withEntrypointAndStdin(List<String> argv) {
        return new ContainerSpec(name, image, labels, user, List.of(), env, networkMode, dns, extraHosts, mounts, capAdd,
                readOnlyRootfs, tmpfs, init, memoryBytes, nanoCpus, pidsLimit, workingDir, sysctls,
                Optional.of(List.copyOf(argv)), true);
    }

    /** This spec with {@code more} sysctls. */
    public ContainerSpec withSysctls(Map<String, String> more) {
        Map<String, String> all = new java.util.TreeMap<>(sysctls);
        all.putAll(more);
        return new ContainerSpec(name, image, labels, user, cmd, env, networkMode, dns, extraHosts, mounts, capAdd,
                readOnlyRootfs, tmpfs, init, memoryBytes, nanoCpus, pidsLimit, workingDir, all, entrypoint, openStdin);
    }

    public ContainerSpec {
        labels = Map.copyOf(labels);
        cmd = List.copyOf(cmd);
        env = Map.copyOf(env);
        dns = List.copyOf(dns);
        extraHosts = List.copyOf(extraHosts);
        mounts = List.copyOf(mounts);
        capAdd = List.copyOf(capAdd);
        tmpfs = Map.copyOf(tmpfs);
        sysctls = Map.copyOf(sysctls);
        entrypoint = entrypoint.map(List::copyOf);
    }
}
