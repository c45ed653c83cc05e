package dev.scc.app.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.plan.RenderPlan;
import dev.scc.safety.rules.ActionRule;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The org's deny command rules as native deny rules: only plain-word patterns, only enforced denials. */
class NativeDenialsTest {
    private static List<ActionRule> rules(Object... rules) {
        return RuleCodec.read(List.of(rules), "org.yaml", "rules", new Origin(Origin.Layer.ORG, "", "org.yaml"));
    }

    @Test
    void plainWordDenyPatternsBecomeNativePrefixesAndEverythingElseStaysWithTheHook() {
        List<RenderPlan.DenyRule> d = NativeDenials.denyRules(rules(
                Map.of("id", "deny-infra-destroy", "decision", "deny", "reason", "pipeline only",
                        "match", Map.of("command", List.of("terraform destroy", "terraform apply -destroy", "kubectl delete ns*"))),
                Map.of("id", "approve-kubectl", "decision", "require_approval", "match", Map.of("command", List.of("kubectl delete"))),
                Map.of("id", "shadow-publish", "decision", "deny", "enforce", false, "match", Map.of("command", List.of("npm publish"))),
                Map.of("id", "secrets", "decision", "deny", "match", Map.of("file.read", List.of("**/.env")))));
        assertThat(d).singleElement().satisfies(r -> {
            assertThat(r.ruleId()).isEqualTo("deny-infra-destroy");
            assertThat(r.expansions()).containsExactly(List.of("terraform", "destroy"));
            assertThat(r.justification()).isEqualTo("pipeline only");
        });
    }
}
