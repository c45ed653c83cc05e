package dev.scc.policy.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.IgnoredPolicyChange;
import dev.scc.core.model.OrgConfig;
import dev.scc.safety.Decision;
import dev.scc.safety.rules.ActionRule;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleDocumentException;
import dev.scc.safety.rules.RuleSet;
import org.junit.jupiter.api.Test;

/** Action rules through the one merge: org absolute, team and project rules only where delegated and only stricter. */
class RuleMergeTest {
    private static final String ORG_RULES = "rules:[{id:'deny-infra-destroy', match:{command:['terraform destroy']}, decision:'deny'},"
            + "{id:'warn-kubectl', match:{command:'kubectl'}, decision:'warn'}],";

    private static OrgConfig org(String delegation, String teamRules) {
        return Docs.org(ORG_RULES + "delegation:{teams:{" + delegation + "}, projects:{inherit_team_delegation:true}},"
                + "profiles:{platform:{delegation:{allow_project_overrides:true}, rules:[" + teamRules + "]}, other:{}},"
                + "exceptions:[{id:'ex1', reason:'migration', allow:{rules:['team-deny-helm','deny-infra-destroy']},"
                + " expires_at:'2026-07-01T00:00:00Z'}]");
    }

    @Test
    void effectiveRulesListBuiltInOrgAndDelegatedTeamRulesWithTheirOrigin() {
        EffectiveConfig e = Docs.merge(org("allow_rules:['plat*']", "{id:'approve-kubectl-delete', match:{command:'kubectl delete'},"
                + " decision:'require_approval'}"), "platform");
        RuleSet rules = e.rules();
        assertThat(rules.rules()).extracting(r -> r.origin().layer()).contains(Origin.Layer.BUILTIN, Origin.Layer.ORG, Origin.Layer.TEAM);
        assertThat(rules.rule("approve-kubectl-delete").orElseThrow().origin()).isEqualTo(new Origin(Origin.Layer.TEAM, "platform", ""));
        assertThat(rules.rule("git.force_push")).isPresent();
        assertThat(rules.evaluate(RuleSet.commandsOf("kubectl --context prod delete ns x")).decision())
                .isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void aTeamRuleWithoutDelegationIsIgnoredAndReported() {
        EffectiveConfig e = Docs.merge(org("allow_rules:['someone-else']", "{id:'approve-kubectl-delete',"
                + " match:{command:'kubectl delete'}, decision:'require_approval'}"), "platform");
        assertThat(e.rules().rule("approve-kubectl-delete")).isEmpty();
        assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field).contains("rules.approve-kubectl-delete");
        assertThat(e.ignoredPolicyChanges()).filteredOn(c -> c.field().equals("rules.approve-kubectl-delete")).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("not allowed to add rules"));
    }

    @Test
    void aTeamCannotLoosenOrRedefineAnOrgRule() {
        EffectiveConfig e = Docs.merge(org("allow_rules:['*']", "{id:'deny-infra-destroy', match:{command:'terraform plan'},"
                + " decision:'warn'}, {id:'allow-terraform', match:{command:'terraform'}, decision:'allow'}"), "platform");
        assertThat(e.rules().rule("deny-infra-destroy").orElseThrow().origin().layer()).isEqualTo(Origin.Layer.ORG);
        assertThat(e.rules().rule("allow-terraform")).isEmpty();
        assertThat(e.rules().evaluate(RuleSet.commandsOf("terraform destroy")).decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field)
                .contains("rules.deny-infra-destroy", "rules.allow-terraform");
    }

    @Test
    void aPolicyExceptionLiftsATeamDenialButNeverAnOrgRule() {
        EffectiveConfig e = Docs.merge(org("allow_rules:['*']", "{id:'team-deny-helm', match:{command:'helm'}, decision:'deny'}"),
                "platform");
        assertThat(e.rules().rule("team-deny-helm")).isEmpty();
        assertThat(e.rules().evaluate(RuleSet.commandsOf("helm uninstall api")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.rules().rule("deny-infra-destroy")).isPresent();
        assertThat(e.ignoredPolicyChanges()).filteredOn(c -> c.field().equals("exceptions.allow_rules")).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("org rules are absolute"));
    }

    @Test
    void projectRulesNeedTheTeamsDelegationAndOnlyTightenDecisions() {
        OrgConfig o = org("allow_rules:['platform']", "");
        EffectiveConfig e = Docs.merge(Docs.input(o, "platform").withProject(Docs.project(
                "rules:[{id:'no-prod-apply', match:{command:'kubectl apply'}, decision:'deny'}]")));
        assertThat(e.rules().rule("no-prod-apply").orElseThrow().origin().layer()).isEqualTo(Origin.Layer.PROJECT);
        EffectiveConfig other = Docs.merge(Docs.input(o, "other").withProject(Docs.project(
                "rules:[{id:'no-prod-apply', match:{command:'kubectl apply'}, decision:'deny'}]")));
        assertThat(other.rules().rule("no-prod-apply")).isEmpty();
        assertThat(other.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field).contains("rules.no-prod-apply");
    }

    @Test
    void switchedOffBuiltInRulesAreNotEffective() {
        EffectiveConfig e = Docs.merge(Docs.org("security:{safety_net:{block_force_push:false, require_approval:['git.reset_hard']}}"),
                "");
        assertThat(e.rules().rule("git.force_push")).isEmpty();
        assertThat(e.rules().rule("git.reset_hard").map(ActionRule::decision)).contains(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void aRuleWhoseExamplesFailIsADocumentError() {
        assertThatThrownBy(() -> Docs.org("rules:[{id:'no-destroy', match:{command:'terraform destroy'}, decision:'deny',"
                + " tests:{match:['terraform plan']}}]")).isInstanceOf(RuleDocumentException.class)
                .hasMessageContaining("rules[0].tests (rule no-destroy)").hasMessageContaining("\"terraform plan\" does not match");
        assertThatThrownBy(() -> Docs.org("profiles:{p:{rules:[{id:'x', match:{'file.read':'.env'}, decision:'deny'}]}}"))
                .hasMessageContaining("profiles.p.rules[0].match.file.read[0] (rule x)").hasMessageContaining("can never match");
    }
}
