package dev.scc.core.merge;

import dev.scc.core.runtime.WorkspaceProtection;

/**
 * One path of the effective workspace protection and the layer its mode comes from: {@code scc.default} (SCC's own
 * set), {@code provider.<id>} (an installed agent's workspace settings), {@code org.security}, {@code team.<name>} or
 * {@code project}.
 */
public record ProtectedPath(String path, WorkspaceProtection.Mode mode, String source) {
    public ProtectedPath {
        path = WorkspaceProtection.checkPath(path);
        java.util.Objects.requireNonNull(mode, "mode");
        java.util.Objects.requireNonNull(source, "source");
    }
}
