package dev.scc.policy.merge;

import static dev.scc.policy.merge.Docs.input;
import static dev.scc.policy.merge.Docs.merge;
import static dev.scc.policy.merge.Docs.org;
import static dev.scc.policy.merge.Docs.project;
import static dev.scc.policy.merge.Docs.teamConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.IgnoredPolicyChange;
import dev.scc.core.merge.MergeDecision;
import dev.scc.core.merge.ProtectedPath;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import dev.scc.policy.explain.ExplainJson;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Workspace protection through the trust hierarchy: the org chooses per path over SCC's default set (either way);
 * delegated teams and projects may only make a path stricter; what is not applied is reported once, with its file
 * and key path.
 */
class WorkspaceProtectionMergeTest {
    private static final String DELEGATED = "delegation:{teams:{allow_workspace_protection:['backend']},"
            + " projects:{inherit_team_delegation:true}}";

    private static Optional<ProtectedPath> path(EffectiveConfig e, String p) {
        return e.workspaceProtection().stream().filter(x -> x.path().equals(p)).findFirst();
    }

    @Test
    void withoutAnyChoiceTheDefaultSetIsEffectiveAndNamedAsSccsOwn() {
        EffectiveConfig e = merge(org(""), "");
        assertThat(e.workspaceProtection()).contains(new ProtectedPath(".git/hooks", Mode.READ_ONLY, "scc.default"),
                new ProtectedPath(".git/config", Mode.READ_ONLY, "scc.default"));
        assertThat(e.ignoredPolicyChanges()).isEmpty();
    }

    /** An installed agent that trusts {@code .tiny/} in the workspace (only what the merge asks of a provider). */
    private static dev.scc.core.spi.AgentProvider tinyAgent() {
        return (dev.scc.core.spi.AgentProvider) java.lang.reflect.Proxy.newProxyInstance(
                WorkspaceProtectionMergeTest.class.getClassLoader(), new Class<?>[] {dev.scc.core.spi.AgentProvider.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "id" -> "tiny";
                    case "workspaceConfigPaths" -> java.util.List.of(".tiny/");
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "tiny";
                    default -> {
                        if (m.isDefault()) {
                            yield java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
                        }
                        throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    @Test
    void installedAgentsSettingsAreProtectedAndNamedByProvider() {
        var registry = new dev.scc.core.spi.AgentProviderRegistry(java.util.List.of(tinyAgent()));
        EffectiveConfig e = new TrustMerge(registry).merge(input(org(""), ""));
        assertThat(path(e, ".tiny")).contains(new ProtectedPath(".tiny", Mode.READ_ONLY, "provider.tiny"));
        assertThat(path(e, ".git/hooks")).contains(new ProtectedPath(".git/hooks", Mode.READ_ONLY, "scc.default"));
    }

    @Test
    void delegatedTeamMakesPathsStricterAndAddsNewOnes() {
        OrgConfig org = org(DELEGATED + ", security:{workspace_protection:{'.envrc':'review'}},"
                + " profiles:{backend:{workspace_protection:{'.envrc':'read-only', 'scripts/deploy.sh':'review'}}}");
        EffectiveConfig e = merge(org, "backend");
        assertThat(path(e, ".envrc")).contains(new ProtectedPath(".envrc", Mode.READ_ONLY, "team.backend"));
        assertThat(path(e, "scripts/deploy.sh")).contains(new ProtectedPath("scripts/deploy.sh", Mode.REVIEW, "team.backend"));
        assertThat(e.decisions()).contains(new MergeDecision("workspace_protection['scripts/deploy.sh']", "review",
                "Made stricter by team profile 'backend'", "team.backend", Optional.empty(), Optional.empty()));
        assertThat(e.ignoredPolicyChanges()).isEmpty();
        assertThat(e.protection().mode("scripts/deploy.sh")).isEqualTo(Mode.REVIEW);
    }

    @Test
    void teamCannotRelaxSccsDefaultAndTheAttemptIsReportedWithFileAndKeyPath() {
        OrgConfig org = org(DELEGATED + ", profiles:{backend:{workspace_protection:{'.git/hooks':'off', '.vscode':'review'}}}");
        EffectiveConfig e = merge(org, "backend");
        assertThat(path(e, ".git/hooks")).contains(new ProtectedPath(".git/hooks", Mode.READ_ONLY, "scc.default"));
        assertThat(path(e, ".vscode")).contains(new ProtectedPath(".vscode", Mode.READ_ONLY, "scc.default"));
        assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field, IgnoredPolicyChange::requestedValue,
                IgnoredPolicyChange::effectiveValue).containsExactly(
                        tuple("profiles.backend.workspace_protection['.git/hooks']", "off", "read-only"),
                        tuple("profiles.backend.workspace_protection['.vscode']", "review", "read-only"));
        assertThat(e.ignoredPolicyChanges().get(0).reason())
                .isEqualTo("Team workspace_protection can only make a path stricter (off < review < read-only); "
                        + "'.git/hooks' is read-only by scc.default");
    }

    @Test
    void theOrgsRelaxationIsTheFloorATeamBuildsOn() {
        OrgConfig org = org(DELEGATED + ", security:{workspace_protection:{'.idea':'off', 'scripts':'review'}},"
                + " profiles:{backend:{workspace_protection:{'.idea':'review', 'scripts':'off'}}}");
        EffectiveConfig e = merge(org, "backend");
        assertThat(path(e, ".idea")).as("the org relaxed it; a team may tighten it again")
                .contains(new ProtectedPath(".idea", Mode.REVIEW, "team.backend"));
        assertThat(path(e, "scripts")).contains(new ProtectedPath("scripts", Mode.REVIEW, "org.security"));
        assertThat(e.ignoredPolicyChanges()).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("profiles.backend.workspace_protection['scripts']");
            assertThat(x.reason()).endsWith("'scripts' is review by org.security");
        });
    }

    @Test
    void anEntryBelowAProtectedDirectoryCannotPunchAHoleInIt() {
        OrgConfig org = org(DELEGATED + ", profiles:{backend:{workspace_protection:{'.git/hooks/pre-commit':'off',"
                + " '.git/hooks/post-checkout':'review'}}}");
        EffectiveConfig e = merge(org, "backend");
        assertThat(path(e, ".git/hooks/pre-commit")).isEmpty();
        assertThat(e.ignoredPolicyChanges()).hasSize(2).allSatisfy(x -> assertThat(x.reason())
                .contains("is read-only through '.git/hooks' by scc.default"));
        assertThat(e.protection().covering(".git/hooks/pre-commit")).isEqualTo(Mode.READ_ONLY);
    }

    @Test
    void undelegatedTeamChoicesAreReportedNotApplied() {
        OrgConfig org = org("profiles:{frontend:{workspace_protection:{'scripts/deploy.sh':'read-only'}}}");
        EffectiveConfig e = merge(org, "frontend");
        assertThat(path(e, "scripts/deploy.sh")).isEmpty();
        assertThat(e.ignoredPolicyChanges()).containsExactly(new IgnoredPolicyChange(
                "profiles.frontend.workspace_protection['scripts/deploy.sh']", "read-only", "off", "team.frontend",
                "Team 'frontend' not allowed to set workspace protection (delegation.teams.allow_workspace_protection)"));
    }

    @Test
    void anUnknownTeamModeIsReportedNotApplied() {
        OrgConfig org = org(DELEGATED + ", profiles:{backend:{workspace_protection:{'Makefile':'readonly'}}}");
        EffectiveConfig e = merge(org, "backend");
        assertThat(path(e, "Makefile")).isEmpty();
        assertThat(e.ignoredPolicyChanges()).singleElement().satisfies(x -> {
            assertThat(x.requestedValue()).isEqualTo("readonly");
            assertThat(x.reason()).isEqualTo("Unknown team workspace_protection mode (read-only, review or off)");
        });
    }

    @Test
    void aPaddedOrCasedTeamModeIsUnknownNotNormalisedIntoAMatch() {
        OrgConfig org = org(DELEGATED + ", profiles:{backend:{workspace_protection:{'a':' read-only', 'b':'Review',"
                + " 'c':'READ-ONLY'}}}");
        EffectiveConfig e = merge(org, "backend");
        assertThat(path(e, "a")).isEmpty();
        assertThat(e.ignoredPolicyChanges()).hasSize(3).allSatisfy(x -> assertThat(x.reason()).startsWith("Unknown team"));
    }

    @Test
    void aFederatedTeamConfigTightensLikeTheProfileAndIsNamedByItsFile() {
        OrgConfig org = org(DELEGATED + ", profiles:{backend:{config_source:{source:'file', path:'team.yaml'}}}");
        var tc = dev.scc.policy.document.PolicyDocuments.team(Docs.tree(
                "{schema_version:'1.0.0', workspace_protection:{'Makefile':'review', '.envrc':'off'}}"), "team.yaml");
        EffectiveConfig e = merge(input(org, "backend").withTeamConfig(tc));
        assertThat(path(e, "Makefile")).contains(new ProtectedPath("Makefile", Mode.REVIEW, "team.backend"));
        assertThat(e.ignoredPolicyChanges()).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("workspace_protection['.envrc']");
            assertThat(x.source()).isEqualTo("team.backend (team.yaml)");
        });
        // and without delegation, the same team config changes nothing
        OrgConfig undelegated = org("profiles:{backend:{config_source:{source:'file', path:'team.yaml'}}}");
        EffectiveConfig u = merge(input(undelegated, "backend").withTeamConfig(tc));
        assertThat(path(u, "Makefile")).isEmpty();
        assertThat(u.ignoredPolicyChanges()).hasSize(2);
    }

    @Test
    void aDelegatedProjectTightensItsTeamsChoiceButCannotRelaxIt() {
        OrgConfig org = org(DELEGATED + ", profiles:{backend:{delegation:{allow_project_overrides:true},"
                + " workspace_protection:{'scripts':'review'}}}");
        EffectiveConfig e = merge(input(org, "backend").withProject(project(
                "workspace_protection:{'scripts':'read-only', 'Makefile':'review', '.envrc':'off'}")));
        assertThat(path(e, "scripts")).contains(new ProtectedPath("scripts", Mode.READ_ONLY, "project"));
        assertThat(path(e, "Makefile")).contains(new ProtectedPath("Makefile", Mode.REVIEW, "project"));
        assertThat(e.ignoredPolicyChanges()).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("workspace_protection['.envrc']");
            assertThat(x.source()).isEqualTo("project (.scc.yaml)");
            assertThat(x.reason()).startsWith("Project workspace_protection can only make a path stricter");
        });
    }

    @Test
    void aProjectNeedsTheOrgsAndItsTeamsDelegation() {
        String projectYaml = "workspace_protection:{'Makefile':'review'}";
        OrgConfig noOverrides = org(DELEGATED + ", profiles:{backend:{}}");
        assertThat(merge(input(noOverrides, "backend").withProject(project(projectYaml))).ignoredPolicyChanges())
                .singleElement().extracting(IgnoredPolicyChange::reason)
                .isEqualTo("Team 'backend' disabled project overrides (allow_project_overrides: false)");
        OrgConfig teamNotDelegated = org("delegation:{projects:{inherit_team_delegation:true}},"
                + " profiles:{backend:{delegation:{allow_project_overrides:true}}}");
        assertThat(merge(input(teamNotDelegated, "backend").withProject(project(projectYaml))).ignoredPolicyChanges())
                .singleElement().extracting(IgnoredPolicyChange::reason)
                .isEqualTo("Team 'backend' may not add workspace protection, so its projects may not either");
    }

    @Test
    void explainShowsEveryPathWithItsModeAndOriginLayer() {
        OrgConfig org = org(DELEGATED + ", security:{workspace_protection:{'.idea':'off'}},"
                + " profiles:{backend:{workspace_protection:{'scripts/deploy.sh':'read-only'}}}");
        var eff = ExplainJson.effective(merge(org, "backend"));
        var rows = new java.util.ArrayList<String>();
        eff.path("workspace_protection").forEach(n -> rows.add(n.path("path").asText() + " " + n.path("mode").asText()
                + " " + n.path("source").asText()));
        assertThat(rows).contains(".git/hooks read-only scc.default", ".idea off org.security",
                "scripts/deploy.sh read-only team.backend");
        assertThat(rows).isSorted();
    }
}
