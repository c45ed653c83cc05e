package dev.scc.core.runtime;

/**
 * Resource ceilings for the agent container, from policy.
 *
 * @param memoryBytes hard memory limit in bytes (&gt; 0)
 * @param cpus CPU quota in cores (&gt; 0)
 * @param pids maximum number of processes (&gt; 0)
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids) {
    /** 4 GiB, 2 CPUs, 512 processes: enough for an agent running builds, small enough to contain a fork bomb. */
    public static final ResourceLimits DEFAULT = new ResourceLimits(4L << 30, 2.0, 512);

    public ResourceLimits {
        if (memoryBytes <= 0 || !(cpus > 0) || pids <= 0) {
            throw new IllegalArgumentException("resource limits must be positive: memory=" + memoryBytes + " cpus="
                    + cpus + " pids=" + pids);
        }
    }
}
