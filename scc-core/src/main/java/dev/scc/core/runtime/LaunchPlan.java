package dev.scc.core.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link RuntimeBackend#launch} would create for a spec, computed without creating anything: what
 * {@code scc start --dry-run} shows a reviewer. Provider- and backend-neutral; each backend fills it in its own
 * vocabulary ({@link RuntimeObject#kind()}).
 *
 * @param spec the spec planned
 * @param backend the id of the backend that planned it
 * @param workspaceHash the stable digest of the workspace ({@link Session#workspaceHash(java.nio.file.Path)})
 * @param images image role ({@code agent}, {@code proxy}) to the image reference the session would run
 * @param objects the objects a launch would create, in creation order, with the names they would get where
 *     known beforehand
 * @param mounts what of the host the sandbox would see
 * @param envNames names (never values) of the environment variables the agent would get, sorted
 * @param agentCommand the command line the agent runs with
 * @param documents generated configuration a reviewer may want to read (name to text, e.g. {@code egress_acl})
 */
public record LaunchPlan(LaunchSpec spec, String backend, String workspaceHash, Map<String, String> images,
        List<RuntimeObject> objects, List<Mount> mounts, List<String> envNames, List<String> agentCommand,
        Map<String, String> documents) {

    /** A host path the sandbox sees, where, and whether it may write it ({@code rw}, {@code ro}). */
    public record Mount(String source, String target, String mode) {
        public Mount {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(mode, "mode");
        }
    }

    public LaunchPlan {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(workspaceHash, "workspaceHash");
        images = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(images));
        objects = List.copyOf(objects);
        mounts = List.copyOf(mounts);
        envNames = List.copyOf(new java.util.TreeSet<>(envNames));
        agentCommand = List.copyOf(agentCommand);
        documents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(documents));
    }
}
