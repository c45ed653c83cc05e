package dev.scc.core.runtime;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one invocation tells a backend beyond the {@link LaunchSpec}: the environment it reads its own settings from
 * (engine address, state directory, image prefix; each backend documents its variables) and the governance facts that
 * decide which sandboxes may exist at all. A backend reads what applies to it and ignores the rest.
 *
 * @param env the invocation's environment (not necessarily the process's: the CLI passes its own, tests a map)
 * @param blockedBaseImages {@code security.blocked_base_images}: image patterns no sandbox may run or build on
 * @param baseImage {@code sandbox.base_image}: the image the org wants sandboxes built on, if it says
 * @param approvals wire the approval channel into each sandbox (the policy has {@code require_approval} rules)
 * @param wrappedPrograms programs the enforced command rules of the org and team name, which the sandbox must run
 *     behind its safety wrappers (beyond the ones every sandbox wraps): a backend that builds images refuses one that
 *     was not built to wrap them, rather than leave those rules to the native hooks alone
 */
public record RuntimeSettings(Map<String, String> env, List<String> blockedBaseImages, Optional<String> baseImage,
        boolean approvals, Set<String> wrappedPrograms) {
    public RuntimeSettings {
        env = Map.copyOf(env);
        blockedBaseImages = List.copyOf(blockedBaseImages);
        Objects.requireNonNull(baseImage, "baseImage");
        wrappedPrograms = Collections.unmodifiableSortedSet(new TreeSet<>(wrappedPrograms));
    }

    /** Settings that require no program wrapped beyond the ones every sandbox wraps. */
    public RuntimeSettings(Map<String, String> env, List<String> blockedBaseImages, Optional<String> baseImage,
            boolean approvals) {
        this(env, blockedBaseImages, baseImage, approvals, Set.of());
    }

    /** Settings from an environment alone: nothing blocked, no base image, no approvals. */
    public static RuntimeSettings of(Map<String, String> env) {
        return new RuntimeSettings(env, List.of(), Optional.empty(), false);
    }

    public RuntimeSettings withGovernance(List<String> blocked, Optional<String> base, boolean withApprovals) {
        return new RuntimeSettings(env, blocked, base, withApprovals, wrappedPrograms);
    }

    /** These settings requiring {@code programs} wrapped in the sandbox. */
    public RuntimeSettings withWrappedPrograms(Set<String> programs) {
        return new RuntimeSettings(env, blockedBaseImages, baseImage, approvals, programs);
    }
}
