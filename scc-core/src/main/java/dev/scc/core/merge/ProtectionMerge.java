package dev.scc.core.merge;

import dev.scc.core.model.Security;
import dev.scc.core.model.WorkspaceProtectionChoices;
import dev.scc.core.runtime.WorkspaceProtection;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import dev.scc.core.spi.AgentProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workspace protection part of the merge. SCC's default set and every installed agent's workspace settings
 * come first; the org's {@code security.workspace_protection} may change any path either way (it owns the
 * boundary); the team layers (profile, then federated team config) and the project may only make a path stricter
 * (off &lt; review &lt; read-only), and only where delegated ({@code delegation.teams.allow_workspace_protection}).
 * Nothing lets a lower layer relax a path: the delegation model has no notion of relaxing a security setting
 * (network posture and action rules are floors too), so the org's choice is a floor.
 *
 * <p>A lower layer's change that is not applied (undelegated, an unknown mode, looser than what covers the path)
 * is reported once in {@code ignored_policy_changes}, naming its file and key path.
 */
final class ProtectionMerge {
    static final String DEFAULT_SOURCE = "scc.default";

    private final Map<String, ProtectedPath> paths = new TreeMap<>();
    private final List<MergeDecision> decisions;
    private final List<IgnoredPolicyChange> ignored;

    ProtectionMerge(Collection<? extends AgentProvider> providers, List<MergeDecision> decisions,
            List<IgnoredPolicyChange> ignored) {
        this.decisions = decisions;
        this.ignored = ignored;
        List<AgentProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(AgentProvider::id));
        WorkspaceProtection all = WorkspaceProtection.forProviders(sorted);
        for (Map.Entry<String, Mode> e : all.paths().entrySet()) {
            String p = e.getKey();
            String source = WorkspaceProtection.DEFAULT.paths().containsKey(p) ? DEFAULT_SOURCE
                    : sorted.stream().filter(a -> a.workspaceConfigPaths().stream()
                            .anyMatch(x -> WorkspaceProtection.checkPath(x).equals(p)))
                            .findFirst().map(a -> "provider." + a.id()).orElse(DEFAULT_SOURCE);
            paths.put(p, new ProtectedPath(p, e.getValue(), source));
        }
    }

    /** SCC's agent-independent default set with the org's choices applied (a config built without the merge). */
    static List<ProtectedPath> orgOnly(Security security) {
        ProtectionMerge m = new ProtectionMerge(List.of(), new ArrayList<>(), new ArrayList<>());
        m.org(security.workspaceProtection());
        return m.result();
    }

    /**
     * Applies the org's choices: any mode, relaxing SCC's default included.
     *
     * @throws IllegalArgumentException for a path or mode the org document could not hold (its schema and reader
     *     refuse both), so an embedder's model fails closed rather than launching with less protection
     */
    void org(Map<String, String> modes) {
        new TreeMap<>(modes).forEach((path, word) -> {
            String p = WorkspaceProtection.checkPath(path);
            Mode mode = Mode.parse(word).orElseThrow(() -> new IllegalArgumentException(
                    "security.workspace_protection['" + path + "']: '" + word + "' is not read-only, review or off"));
            paths.put(p, new ProtectedPath(p, mode, "org.security"));
            decisions.add(MergeDecision.of(field(p), mode.id(), "Set by organization security", "org.security"));
        });
    }

    /**
     * Applies a team or project layer's choices where they make a path stricter.
     *
     * @param layer {@code team.<name>} or {@code project}
     * @param undelegated why the layer may not set workspace protection at all, if it may not
     */
    void lower(WorkspaceProtectionChoices choices, String layer, Optional<String> undelegated, String applyReason) {
        String who = layer.startsWith("team.") ? "Team" : "Project";
        choices.modes().forEach((path, word) -> {
            String field = choices.keyPathOf(path);
            String source = choices.label(layer);
            String p;
            try {
                p = WorkspaceProtection.checkPath(path);
            } catch (IllegalArgumentException e) {
                ignored.add(new IgnoredPolicyChange(field, word, "", source, e.getMessage()));
                return;
            }
            ProtectedPath cover = covering(p);
            String current = cover.mode().id();
            if (undelegated.isPresent()) {
                ignored.add(new IgnoredPolicyChange(field, word, current, source, undelegated.get()));
                return;
            }
            Optional<Mode> mode = Mode.parse(word == null ? "" : word); // never normalised: " read-only" is unknown
            if (mode.isEmpty()) {
                ignored.add(new IgnoredPolicyChange(field, String.valueOf(word), current, source,
                        "Unknown " + who.toLowerCase(java.util.Locale.ROOT)
                                + " workspace_protection mode (read-only, review or off)"));
                return;
            }
            if (!mode.get().atLeast(cover.mode())) {
                ignored.add(new IgnoredPolicyChange(field, word, current, source, who
                        + " workspace_protection can only make a path stricter (off < review < read-only); '" + p
                        + "' is " + current + (cover.path().equals(p) ? "" : " through '" + cover.path() + "'")
                        + " by " + cover.source()));
                return;
            }
            if (mode.get() == cover.mode()) {
                return; // already protected this much: nothing changes, and nothing was refused
            }
            paths.put(p, new ProtectedPath(p, mode.get(), layer));
            decisions.add(MergeDecision.of(field(p), mode.get().id(), applyReason, layer));
        });
    }

    /** The entry that protects {@code path} most: its own or an ancestor's (its own on a tie). */
    private ProtectedPath covering(String path) {
        ProtectedPath best = paths.getOrDefault(path, new ProtectedPath(path, Mode.OFF, "unlisted"));
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            ProtectedPath a = paths.get(path.substring(0, i));
            if (a != null && !best.mode().atLeast(a.mode())) {
                best = a;
            }
        }
        return best;
    }

    private static String field(String path) {
        return "workspace_protection['" + path + "']";
    }

    List<ProtectedPath> result() {
        return List.copyOf(paths.values());
    }
}
