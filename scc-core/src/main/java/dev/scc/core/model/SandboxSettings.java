package dev.scc.core.model;

import java.util.Optional;

/** Resource limits and the base image for agent sandboxes, from {@code defaults.sandbox}. */
public record SandboxSettings(
        Optional<String> baseImage, Optional<String> memory, Optional<Double> cpus, Optional<Integer> pidsLimit) {

    public static final SandboxSettings NONE =
            new SandboxSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
