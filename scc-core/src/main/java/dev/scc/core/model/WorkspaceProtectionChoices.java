package dev.scc.core.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * One layer's {@code workspace_protection} as written: workspace-relative path to mode word ({@code read-only},
 * {@code review}, {@code off}), with where it was written so the merge can name the file and key path of every
 * change it does not apply. Team and project layers may only make paths stricter (the merge judges that, and reports
 * an unknown mode word from a team layer instead of applying it); the org sets these in {@code security}.
 *
 * @param file the document the choices come from (empty when built in code)
 * @param keyPath the key path of the {@code workspace_protection} object inside {@code file}, e.g.
 *     {@code profiles.backend.workspace_protection}
 * @param modes path to mode word, sorted by path
 */
public record WorkspaceProtectionChoices(String file, String keyPath, Map<String, String> modes) {

    /** No choices. */
    public static final WorkspaceProtectionChoices NONE = new WorkspaceProtectionChoices("", "workspace_protection", Map.of());

    public WorkspaceProtectionChoices {
        java.util.Objects.requireNonNull(file, "file");
        java.util.Objects.requireNonNull(keyPath, "keyPath");
        modes = java.util.Collections.unmodifiableMap(new TreeMap<>(modes));
    }

    /** The key path of one path's entry, in the notation errors use ({@code workspace_protection['.envrc']}). */
    public String keyPathOf(String path) {
        return keyPath + "['" + path + "']";
    }

    /** The layer's label with its file, when known: {@code team.backend (org.yaml)}. */
    public String label(String layer) {
        return file.isEmpty() ? layer : layer + " (" + file + ")";
    }
}
