package dev.scc.core.runtime;

import java.util.Objects;

/** What a command run inside a session printed, and how it exited ({@link RuntimeBackend#exec}). */
public record ExecResult(long exitCode, String stdout, String stderr) {
    public ExecResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
