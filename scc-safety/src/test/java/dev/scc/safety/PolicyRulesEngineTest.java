package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.rules.BuiltinPack;
import dev.scc.safety.rules.BuiltinRule;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.TraceEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The engine judges the policy's own rules beside the built-in packs, with one trace. */
class PolicyRulesEngineTest {
    private static final String RULES = "\"rules\":["
            + "{\"id\":\"deny-infra-destroy\",\"match\":{\"command\":[\"terraform destroy\",\"kubectl delete\"]},\"decision\":\"deny\","
            + "\"reason\":\"Destroying infrastructure is done by the release pipeline\",\"alternative\":\"Open a release ticket\","
            + "\"origin\":{\"layer\":\"org\",\"name\":\"\",\"file\":\"org.yaml\"}},"
            + "{\"id\":\"approve-prod-apply\",\"match\":{\"command\":[\"kubectl apply --context prod*\"]},\"decision\":\"require_approval\","
            + "\"origin\":{\"layer\":\"team\",\"name\":\"platform\",\"file\":\"team.yaml\"}},"
            + "{\"id\":\"warn-helm\",\"match\":{\"command\":[\"helm\"]},\"decision\":\"warn\"},"
            + "{\"id\":\"no-publish\",\"match\":{\"command\":[\"npm publish\",\"git push\"]},\"decision\":\"deny\",\"enforce\":false}]";

    private static final SafetyEngine ENGINE = new SafetyEngine(SafetyPolicyLoader.parse("{" + RULES + "}", "policy.json"));

    @Test
    void anOrgRuleBlocksWithItsReasonRuleIdAndOrigin() {
        Verdict v = ENGINE.evaluateLine("cd infra && terraform -chdir=prod destroy -auto-approve");
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).contains("deny-infra-destroy");
        assertThat(v.reason()).startsWith("BLOCKED: Destroying infrastructure is done by the release pipeline (rule deny-infra-destroy, org)")
                .contains("Safe alternative: Open a release ticket");
        assertThat(v.commandFamily()).contains(CommandFamily.POLICY_RULE);
        assertThat(v.command()).containsExactly("terraform", "-chdir=prod", "destroy", "-auto-approve");
    }

    @Test
    void theWrapperPathReachesTheSameVerdictAsTheHookPath() {
        assertThat(ENGINE.evaluateArgv(List.of("/usr/bin/kubectl", "--context", "prod", "delete", "ns", "api")).rule())
                .contains("deny-infra-destroy");
        assertThat(ENGINE.evaluateArgv(List.of("kubectl", "apply", "-f", "x.yaml", "--context=prod-eu")).decision())
                .isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(ENGINE.evaluateArgv(List.of("kubectl", "get", "pods")).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void approvalAndWarnRulesSayWhatTheyAre() {
        Verdict a = ENGINE.evaluateLine("sudo kubectl apply --context prod -f x.yaml");
        assertThat(a.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(a.reason()).startsWith("APPROVAL REQUIRED: Rule approve-prod-apply of the team policy (rule approve-prod-apply,"
                + " team:platform)");
        Verdict w = ENGINE.evaluateLine("helm list");
        assertThat(w.decision()).isEqualTo(Decision.WARN);
        assertThat(w.allowed()).isTrue();
    }

    @Test
    void theStrictestOfBuiltInAndOrgRulesDecidesAndTheTraceHasBoth() {
        SafetyEngine.Judgement j = ENGINE.judgeLine("helm list; git push --force origin main");
        assertThat(j.verdict().rule()).contains("git.force_push");
        assertThat(j.evaluation().trace()).extracting(TraceEntry::ruleId).containsExactly("git.force_push", "warn-helm");
        assertThat(j.evaluation().trace().get(0).origin()).isEqualTo(Origin.builtin("git"));
        assertThat(j.evaluation().shadow()).extracting(TraceEntry::ruleId).containsExactly("no-publish");
        assertThat(j.evaluation().decision()).isEqualTo(j.verdict().decision());
    }

    @Test
    void shadowRulesChangeNothing() {
        SafetyEngine.Judgement j = ENGINE.judgeLine("npm publish");
        assertThat(j.verdict().decision()).isEqualTo(Decision.ALLOW);
        assertThat(j.evaluation().shadow()).extracting(TraceEntry::ruleId).containsExactly("no-publish");
        assertThat(j.evaluation().trace()).isEmpty();
    }

    @Test
    void orgRulesStillApplyWhenTheBuiltInNetIsOff() {
        SafetyEngine off = new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":\"allow\"," + RULES + "}", "p"));
        assertThat(off.evaluateLine("git push --force").decision()).isEqualTo(Decision.ALLOW);
        assertThat(off.evaluateLine("terraform destroy").rule()).contains("deny-infra-destroy");
    }

    @Test
    void rulesThatDoNotLoadBlockEveryCommand() {
        SafetyPolicy p = SafetyPolicyLoader.parse("{\"rules\":[{\"id\":\"x\",\"match\":{\"command\":[\"/bin/rm\"]},\"decision\":\"deny\"}]}", "p");
        assertThat(p.failure()).get().asString().contains("rules[0].match.command[0]").contains("can never match");
        SafetyEngine e = new SafetyEngine(p);
        for (String line : List.of("ls -la", "echo hi", "terraform plan", "git status")) {
            Verdict v = e.evaluateLine(line);
            assertThat(v.decision()).as(line).isEqualTo(Decision.BLOCK);
            assertThat(v.rule()).contains("policy.invalid");
            assertThat(v.reason()).contains("every command is blocked");
        }
        assertThat(e.evaluateArgv(List.of("terraform", "plan")).decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void anOrgConfigCarriesItsRulesAtTheTopLevel() {
        SafetyPolicy p = SafetyPolicyLoader.parse("{\"schema_version\":\"1.0.0\",\"rules\":[{\"id\":\"no-publish\",\"match\":{\"command\":"
                + "[\"npm publish\"]},\"decision\":\"deny\"}]}", "org.json");
        assertThat(new SafetyEngine(p).evaluateLine("npm publish").rule()).contains("no-publish");
    }

    @TestFactory
    List<DynamicTest> everyBuiltInRulesOwnExamplesHoldInTheEngine() {
        SafetyEngine e = new SafetyEngine(new SafetyPolicy(SafetyPolicy.Action.BLOCK, java.util.Set.of(), NetworkMode.DESTINATION,
                List.of(), java.util.Set.of(), SafetyPolicy.DEFAULT_PROTECTED_BRANCHES, java.util.Optional.empty(), "t"));
        List<DynamicTest> out = new java.util.ArrayList<>();
        for (BuiltinRule r : BuiltinPack.RULES) {
            for (String m : r.tests().match()) {
                // the network grammar names the tool in its verdicts (network.curl) for the network.destination row
                String expected = r.id().equals("network.destination") ? "network.curl" : r.id();
                out.add(DynamicTest.dynamicTest(r.id() + " matches " + m, () -> assertThat(e.evaluateLine(m).rule()).contains(expected)));
            }
            for (String n : r.tests().notMatch()) {
                out.add(DynamicTest.dynamicTest(r.id() + " does not match " + n,
                        () -> assertThat(e.evaluateLine(n).rule()).isNotEqualTo(java.util.Optional.of(r.id()))));
            }
        }
        return out;
    }

    @Test
    void switchesOfTheBuiltInPackTurnOffTheNativeRowsToo() {
        assertThat(BuiltinPack.nativeRules(Map.of())).extracting(BuiltinRule::id).contains("git.force_push", "git.clean_force");
        assertThat(BuiltinPack.nativeRules(Map.of("block_force_push", false))).extracting(BuiltinRule::id)
                .doesNotContain("git.force_push");
        assertThat(BuiltinPack.nativeRules(Map.of("block_clean", false))).extracting(BuiltinRule::id).doesNotContain("git.clean_force");
        assertThat(BuiltinPack.nativeRules(Map.of("action", "allow"))).isEmpty();
        assertThat(BuiltinPack.nativeRules(Map.of("block_force_push", "false"))).extracting(BuiltinRule::id).contains("git.force_push");
    }
}
