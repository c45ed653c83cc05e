package dev.scc.policy.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.IgnoredPolicyChange;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.ConfigSource;
import dev.scc.core.model.Defaults;
import dev.scc.core.model.Delegation;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.UserConfig;
import dev.scc.core.model.WorkspaceProtectionChoices;
import dev.scc.core.runtime.WorkspaceProtection;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of workspace protection over generated org, team profile, federated team config and project layers:
 * nothing below the org weakens any path, the merge is deterministic, and every change not applied is reported once.
 */
class WorkspaceProtectionPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    /** Default paths, their descendants and ancestors, and paths of the workspace's own. */
    private static final List<String> PATHS = List.of(".git", ".git/hooks", ".git/hooks/pre-commit", ".git/config",
            ".envrc", ".vscode", ".vscode/tasks.json", ".idea", "scripts", "scripts/deploy.sh", "Makefile");
    private static final List<String> MODES = List.of("read-only", "review", "off", "readonly", "");
    private static final TrustMerge MERGE = new TrustMerge(List.of());

    /** A layer's request, as the merge must name it when it does not apply it. */
    private record Request(String path, String mode, String field, String source) {}

    /** No team, team config or project weakens a path: every mode is at least the org's (over SCC's default set). */
    @Property(tries = 1000)
    void everyPathIsAtLeastAsProtectedAsTheOrgAndTheDefaultSetSay(@ForAll("inputs") MergeInput in) {
        EffectiveConfig e = MERGE.merge(in);
        WorkspaceProtection orgFloor = orgFloor(in);
        WorkspaceProtection effective = e.protection();
        for (String p : allPaths(in)) {
            assertThat(effective.mode(p).atLeast(orgFloor.mode(p))).as("%s: %s against the org's %s", p,
                    effective.mode(p), orgFloor.mode(p)).isTrue();
            assertThat(effective.covering(p).atLeast(orgFloor.covering(p))).as("%s covered", p).isTrue();
            if (!in.org().security().workspaceProtection().containsKey(p)) {
                assertThat(effective.mode(p).atLeast(WorkspaceProtection.DEFAULT.mode(p))).as("%s against the default", p)
                        .isTrue();
            }
        }
    }

    /** Same input, same output, byte for byte. */
    @Property(tries = 300)
    void mergingIsDeterministic(@ForAll("inputs") MergeInput in) {
        EffectiveConfig a = MERGE.merge(in);
        EffectiveConfig b = new TrustMerge(List.of()).merge(in);
        assertThat(a.workspaceProtection()).isEqualTo(b.workspaceProtection());
        assertThat(a.ignoredPolicyChanges()).isEqualTo(b.ignoredPolicyChanges());
        assertThat(a.decisions()).isEqualTo(b.decisions());
    }

    /**
     * Every lower-layer request that would loosen a path below the org's floor, names an unknown mode or comes from an
     * undelegated layer is reported exactly once; a request not reported was applied or already held; and there is
     * no report that no request explains.
     */
    @Property(tries = 1000)
    void everyIgnoredChangeIsReportedExactlyOnce(@ForAll("inputs") MergeInput in) {
        EffectiveConfig e = MERGE.merge(in);
        WorkspaceProtection orgFloor = orgFloor(in);
        List<IgnoredPolicyChange> reports = e.ignoredPolicyChanges().stream()
                .filter(x -> x.field().contains("workspace_protection[")).toList();
        int explained = 0;
        for (Request r : requests(in)) {
            long n = reports.stream().filter(x -> x.field().equals(r.field()) && x.source().equals(r.source())
                    && x.requestedValue().equals(r.mode())).count();
            assertThat(n).as("reports of %s", r).isLessThanOrEqualTo(1);
            explained += (int) n;
            Optional<Mode> m = Mode.parse(r.mode());
            if (m.isEmpty() || !m.get().atLeast(orgFloor.covering(r.path()))) {
                assertThat(n).as("%s loosens or is unknown: reported", r).isEqualTo(1);
            }
            if (n == 0) {
                assertThat(e.protection().covering(r.path()).atLeast(m.orElseThrow())).as("%s applied", r).isTrue();
            }
        }
        assertThat(reports).hasSize(explained);
    }

    private static WorkspaceProtection orgFloor(MergeInput in) {
        Map<String, Mode> org = new java.util.TreeMap<>();
        in.org().security().workspaceProtection().forEach((p, m) -> org.put(p, Mode.parse(m).orElseThrow()));
        return WorkspaceProtection.DEFAULT.with(org, true);
    }

    private static TreeSet<String> allPaths(MergeInput in) {
        TreeSet<String> all = new TreeSet<>(PATHS);
        all.addAll(WorkspaceProtection.DEFAULT.paths().keySet());
        requests(in).forEach(r -> all.add(r.path()));
        return all;
    }

    private static List<Request> requests(MergeInput in) {
        List<Request> out = new ArrayList<>();
        TeamProfile t = in.org().profile(in.team()).orElseThrow();
        add(out, t.workspaceProtection(), "team." + in.team());
        in.teamConfig().filter(x -> t.federated()).ifPresent(tc -> add(out, tc.workspaceProtection(), "team." + in.team()));
        in.project().ifPresent(p -> add(out, p.workspaceProtection(), "project"));
        return out;
    }

    private static void add(List<Request> out, WorkspaceProtectionChoices c, String layer) {
        c.modes().forEach((p, m) -> out.add(new Request(p, m, c.keyPathOf(p), c.label(layer))));
    }

    @Provide
    Arbitrary<MergeInput> inputs() {
        Arbitrary<Map<String, String>> orgModes = Arbitraries.maps(Arbitraries.of(PATHS),
                Arbitraries.of("read-only", "review", "off")).ofMaxSize(4);
        Arbitrary<Map<String, String>> lowerModes = Arbitraries.maps(Arbitraries.of(PATHS), Arbitraries.of(MODES)).ofMaxSize(5);
        Arbitrary<List<String>> teamPatterns = Arbitraries.of(List.<String>of(), List.of("*"), List.of("t"), List.of("other"));
        Arbitrary<Delegation> delegation = Combinators.combine(teamPatterns, Arbitraries.of(true, false))
                .as((wp, inherit) -> new Delegation(List.of(), List.of(), List.of(), List.of(), inherit, List.of(), wp));
        Arbitrary<TeamProfile> team = Combinators.combine(lowerModes, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((modes, overrides, federated) -> new TeamProfile("t", "", List.of(), List.of(), Optional.empty(),
                        SessionSettings.NONE, DevEnvironment.NONE, overrides,
                        federated ? Optional.of(new ConfigSource.File("/x")) : Optional.empty(), Optional.empty(),
                        List.of(), Optional.empty(), List.of(), List.of(),
                        new WorkspaceProtectionChoices("org.yaml", "profiles.t.workspace_protection", modes)));
        Arbitrary<OrgConfig> org = Combinators.combine(orgModes, delegation, team)
                .as((om, del, t) -> new OrgConfig("1.0.0", Optional.empty(),
                        new OrgConfig.Organization("Acme", "acme", Optional.empty()), Map.of(),
                        new Security(List.of(), List.of(), List.of(), false, List.of(), Optional.empty(), om),
                        Defaults.NONE, del, Map.of("t", t), Map.of(), List.of(), GovernedArtifacts.NONE, List.of()));
        Arbitrary<TeamConfig> teamConfig = lowerModes.map(m -> new TeamConfig("1.0.0", List.of(), List.of(), Map.of(),
                List.of(), new WorkspaceProtectionChoices("team.yaml", "workspace_protection", m)));
        Arbitrary<Optional<ProjectConfig>> project = lowerModes.map(m -> new ProjectConfig(".scc.yaml", List.of(), List.of(),
                DevEnvironment.NONE, Optional.empty(), SessionSettings.NONE, Optional.empty(), List.of(), List.of(),
                new WorkspaceProtectionChoices(".scc.yaml", "workspace_protection", m))).optional();
        return Combinators.combine(org, teamConfig, project).as((o, tc, p) -> new MergeInput(o, "t",
                o.profile("t").orElseThrow().federated() ? Optional.of(tc) : Optional.empty(), p, UserConfig.NONE,
                Optional.empty(), List.of(), NOW));
    }
}
