package dev.scc.core.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which workspace paths the host later executes or trusts, and how the sandbox treats each: the data boundary
 * against workspace poisoning (an agent writing a git hook or {@code core.fsmonitor} that the developer's next
 * {@code git status} on the host would run).
 *
 * <ul>
 *   <li>{@link Mode#READ_ONLY}: the path is mounted read-only over the workspace mount, so the agent can neither
 *       change, replace nor remove it (a boundary). A path that does not exist at launch cannot be mounted
 *       without creating it in the developer's workspace, so it falls back to review.</li>
 *   <li>{@link Mode#REVIEW}: the agent may write it; at session end ({@code scc review}, {@code scc stop}) every
 *       change against the launch checkpoint is shown with a diff and kept or discarded by the developer.</li>
 *   <li>{@link Mode#OFF}: not protected.</li>
 * </ul>
 *
 * @param paths workspace-relative paths ({@code /}-separated, no {@code ..}) and their modes
 */
public record WorkspaceProtection(Map<String, Mode> paths) {

    /** How one path is protected. */
    public enum Mode {
        READ_ONLY, REVIEW, OFF;

        /** {@code read-only}, {@code review}, {@code off}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Mode> parse(String id) {
            for (Mode m : values()) {
                if (m.id().equals(id)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /** The stricter of the two: read-only over review over off. */
        public Mode stricter(Mode other) {
            return ordinal() <= other.ordinal() ? this : other;
        }

        /** Whether this mode protects at least as much as {@code other} (off < review < read-only). */
        public boolean atLeast(Mode other) {
            return ordinal() <= other.ordinal();
        }
    }

    /**
     * The agent-independent default: git's hooks, config and submodule repositories (which git runs or reads on the
     * host) and the editor and environment settings that start commands ({@code .envrc}, {@code .vscode},
     * {@code .idea}, {@code .devcontainer}) are read-only. The agents' own workspace settings come from their
     * providers: {@link #forProviders}.
     */
    public static final WorkspaceProtection DEFAULT = new WorkspaceProtection(defaults());

    /** Nothing protected (embedders and tests that opt out explicitly). */
    public static final WorkspaceProtection NONE = new WorkspaceProtection(Map.of());

    private static Map<String, Mode> defaults() {
        Map<String, Mode> m = new LinkedHashMap<>();
        for (String p : new String[] {".git/hooks", ".git/config", ".git/modules", ".envrc", ".vscode", ".idea",
                ".devcontainer"}) {
            m.put(p, Mode.READ_ONLY);
        }
        return m;
    }

    /**
     * SCC's default protection: {@link #DEFAULT} plus, read-only, the workspace files every installed agent trusts or
     * executes ({@link dev.scc.core.spi.AgentProvider#workspaceConfigPaths()}): every agent's, not only the session's,
     * since the next session or the developer on the host may run another agent in the same workspace.
     *
     * @throws IllegalArgumentException naming the provider when it declares a path that is not workspace-relative
     */
    public static WorkspaceProtection forProviders(java.util.Collection<dev.scc.core.spi.AgentProvider> providers) {
        Map<String, Mode> m = defaults();
        for (dev.scc.core.spi.AgentProvider p : providers) {
            for (String path : p.workspaceConfigPaths()) {
                try {
                    m.put(checkPath(path), Mode.READ_ONLY);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("provider '" + p.id() + "' (" + p.getClass().getName()
                            + ") declares workspace config path '" + path + "': " + e.getMessage(), e);
                }
            }
        }
        return new WorkspaceProtection(m);
    }

    public WorkspaceProtection {
        Map<String, Mode> sorted = new TreeMap<>();
        for (Map.Entry<String, Mode> e : paths.entrySet()) {
            sorted.put(checkPath(e.getKey()), java.util.Objects.requireNonNull(e.getValue(), "mode"));
        }
        paths = java.util.Collections.unmodifiableMap(sorted);
    }

    /** A workspace-relative path, or an {@link IllegalArgumentException} naming it. */
    public static String checkPath(String p) {
        String s = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (s.isEmpty() || s.startsWith("/") || s.contains("\\") || s.contains("//")
                || java.util.Arrays.stream(s.split("/")).anyMatch(seg -> seg.equals("..") || seg.equals("."))) {
            throw new IllegalArgumentException("protected path '" + p
                    + "' must be relative to the workspace, '/'-separated, without '.', '..' or empty segments");
        }
        return s;
    }

    /** This protection with {@code overrides} applied; where {@code relaxable} is false, a weaker mode is ignored. */
    public WorkspaceProtection with(Map<String, Mode> overrides, boolean relaxable) {
        Map<String, Mode> m = new TreeMap<>(paths);
        for (Map.Entry<String, Mode> e : overrides.entrySet()) {
            String p = checkPath(e.getKey());
            Mode current = m.getOrDefault(p, Mode.OFF);
            m.put(p, relaxable ? e.getValue() : current.stricter(e.getValue()));
        }
        return new WorkspaceProtection(m);
    }

    /** The mode of {@code path} ({@link Mode#OFF} when not listed). */
    public Mode mode(String path) {
        return paths.getOrDefault(path, Mode.OFF);
    }

    /**
     * How {@code path} is actually protected: the strictest mode listed for it or any of its ancestors (a read-only
     * {@code .git/hooks} covers {@code .git/hooks/pre-commit}, whatever is listed for the file itself; an entry for a
     * descendant never weakens its ancestor's mount or review).
     */
    public Mode covering(String path) {
        String p = checkPath(path);
        Mode m = mode(p);
        for (int i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
            m = m.stricter(mode(p.substring(0, i)));
        }
        return m;
    }
}
