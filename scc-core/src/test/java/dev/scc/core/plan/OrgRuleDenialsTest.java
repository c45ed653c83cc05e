package dev.scc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.rules.ActionRule;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleCodec;
import dev.scc.safety.rules.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The org's deny command rules as native deny rules: only shapes a token prefix expresses faithfully, only enforced
 * denials, the program by name and by its usual paths; everything else is reported hook-only, with why.
 */
class OrgRuleDenialsTest {
    static List<ActionRule> rules(Object... rules) {
        return RuleCodec.read(List.of(rules), "org.yaml", "rules", new Origin(Origin.Layer.ORG, "", "org.yaml"));
    }

    static final List<ActionRule> RULES = rules(
            Map.of("id", "deny-infra-destroy", "decision", "deny", "reason", "pipeline only",
                    "match", Map.of("command", List.of("terraform destroy", "terraform apply -destroy", "kubectl delete ns*"))),
            Map.of("id", "approve-kubectl", "decision", "require_approval", "match", Map.of("command", List.of("kubectl delete"))),
            Map.of("id", "shadow-publish", "decision", "deny", "enforce", false, "match", Map.of("command", List.of("npm publish"))),
            Map.of("id", "secrets", "decision", "deny", "match", Map.of("file.read", List.of("**/.env"))),
            Map.of("id", "any-terra", "decision", "deny", "match", Map.of("command", List.of("terra* destroy"))),
            Map.of("id", "no-rb", "decision", "deny", "match", Map.of("command", List.of("aws s3 rb", "gsutil rb"))));

    @Test
    void plainWordDenyPatternsBecomeNativePrefixesWithTheProgramByNameAndPath() {
        List<RenderPlan.DenyRule> d = OrgRuleDenials.from(RULES);

        assertThat(d).extracting(RenderPlan.DenyRule::key).containsExactly("rules.deny-infra-destroy", "rules.no-rb", "rules.no-rb#1");
        RenderPlan.DenyRule tf = d.get(0);
        assertThat(tf.ruleId()).isEqualTo("deny-infra-destroy");
        assertThat(tf.expansions()).containsExactly(List.of("terraform", "destroy"), List.of("/usr/bin/terraform", "destroy"),
                List.of("/usr/local/bin/terraform", "destroy"), List.of("/bin/terraform", "destroy"));
        assertThat(tf.justification()).isEqualTo("pipeline only");
        assertThat(tf.match()).containsExactly("terraform destroy");
        assertThat(d.get(2).expansions().get(0)).containsExactly("gsutil", "rb");
    }

    @Test
    void everyNativeExpansionIsDeniedByTheRuleItCameFrom() {
        // faithful: a native rule may never deny what the SCC rule allows
        RuleSet set = RuleSet.of(RULES);
        for (RenderPlan.DenyRule d : OrgRuleDenials.from(RULES)) {
            for (List<String> argv : d.expansions()) {
                assertThat(set.rule(d.ruleId()).orElseThrow().match().first(dev.scc.safety.rules.Action.Command.of(argv)))
                        .as(String.join(" ", argv)).isPresent();
            }
        }
    }

    @Test
    void explainSaysWhichRulesAreHookOnlyAndWhy() {
        Map<String, ActionRule> byId = new java.util.HashMap<>();
        RULES.forEach(r -> byId.put(r.id(), r));

        assertThat(OrgRuleDenials.hookOnly(byId.get("deny-infra-destroy"))).get().asString()
                .contains("\"terraform apply -destroy\": options may stand anywhere", "\"kubectl delete ns*\": a native prefix has no globs")
                .doesNotContain("\"terraform destroy\"");
        assertThat(OrgRuleDenials.hookOnly(byId.get("approve-kubectl"))).get().asString().contains("require_approval needs the hook");
        assertThat(OrgRuleDenials.hookOnly(byId.get("shadow-publish"))).get().asString().contains("shadow");
        assertThat(OrgRuleDenials.hookOnly(byId.get("secrets"))).get().asString().contains("cover commands only");
        assertThat(OrgRuleDenials.hookOnly(byId.get("any-terra"))).get().asString().contains("no globs");
        assertThat(OrgRuleDenials.hookOnly(byId.get("no-rb"))).isEmpty();
    }

    @Test
    void thePlanCarriesTheBuiltinAndTheOrgDenialsForEveryProvider() {
        var config = PlanFixtures.config(List.of(), List.of(), List.of(), PlanFixtures.safety(Map.of()), List.of())
                .withRules(RuleSet.of(RULES));
        for (String provider : List.of("claude", "codex", "gemini")) {
            List<String> keys = RenderPlans.from(config, provider).denyRules().stream().map(RenderPlan.DenyRule::key).toList();
            assertThat(keys).as(provider).contains("rules.deny-infra-destroy", "rules.no-rb", "rules.no-rb#1")
                    .anyMatch(k -> k.startsWith("deny:git."));
        }
        var safetyOff = PlanFixtures.config(List.of(), List.of(), List.of(), PlanFixtures.safety(Map.of("action", "allow")), List.of())
                .withRules(RuleSet.of(RULES));
        assertThat(RenderPlans.from(safetyOff, "claude").denyRules()).extracting(RenderPlan.DenyRule::key)
                .as("the org's rules do not depend on the built-in safety net's switch")
                .containsExactly("rules.deny-infra-destroy", "rules.no-rb", "rules.no-rb#1");
    }
}
