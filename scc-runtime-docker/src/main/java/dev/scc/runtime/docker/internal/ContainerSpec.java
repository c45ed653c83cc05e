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
        Optional<String> workingDir) {

    /** A bind mount (host path) or a named volume. */
    public record Mount(String source, String target, boolean readOnly, boolean volume) {}

    public ContainerSpec {
        labels = Map.copyOf(labels);
        cmd = List.copyOf(cmd);
        env = Map.copyOf(env);
        dns = List.copyOf(dns);
        extraHosts = List.copyOf(extraHosts);
        mounts = List.copyOf(mounts);
        capAdd = List.copyOf(capAdd);
        tmpfs = Map.copyOf(tmpfs);
    }
}
