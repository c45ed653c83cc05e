package dev.scc.core.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one invocation tells a backend beyond the {@link LaunchSpec}: the environment it reads its own settings from
 * (engine address, state directory, image prefix; each backend documents its variables) and the governance facts that
 * decide which sandboxes may exist at all. A backend reads what applies to it and ignores the rest.
 *
 * @param env the invocation's environment (not necessarily the process's: the CLI passes its own, tests a map)
 * @param blockedBaseImages {@code security.blocked_base_images}: image patterns no sandbox may run or build on
 * @param baseImage {@code sandbox.base_image}: the image the org wants sandboxes built on, if it says
 * @param approvals wire the approval channel into each sandbox (the policy has {@code require_approval} rules)
 */
public record RuntimeSettings(Map<String, String> env, List<String> blockedBaseImages, Optional<String> baseImage,
        boolean approvals) {
    public RuntimeSettings {
        env = Map.copyOf(env);
        blockedBaseImages = List.copyOf(blockedBaseImages);
        Objects.requireNonNull(baseImage, "baseImage");
    }

    /** Settings from an environment alone: nothing blocked, no base image, no approvals. */
    public static RuntimeSettings of(Map<String, String> env) {
        return new RuntimeSettings(env, List.of(), Optional.empty(), false);
    }

    public RuntimeSettings withGovernance(List<String> blocked, Optional<String> base, boolean withApprovals) {
        return new RuntimeSettings(env, blocked, base, withApprovals);
    }
}
