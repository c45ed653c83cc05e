package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.safety.Decision;
import dev.scc.safety.internal.json.MiniJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading rules: what a policy author can get wrong is named by file, key path and rule id. */
class RuleCodecTest {
    private static final Origin ORG = new Origin(Origin.Layer.ORG, "", "org.yaml");

    private static List<ActionRule> read(String json) {
        return RuleCodec.read(MiniJson.parse(json), "org.yaml", "rules", ORG);
    }

    private static RuleDocumentException failure(String json) {
        try {
            read(json);
        } catch (RuleDocumentException e) {
            return e;
        }
        throw new AssertionError("expected the rules to be refused: " + json);
    }

    @Test
    void theDesignDocumentsExampleLoads() {
        List<ActionRule> rules = read("[{\"id\":\"deny-infra-destroy\",\"match\":{\"command\":[\"terraform destroy\","
                + "\"terraform apply -destroy\",\"pulumi destroy\",\"kubectl delete\"]},\"decision\":\"deny\","
                + "\"reason\":\"Destroying infrastructure is done by the release pipeline, not by agents\","
                + "\"tests\":{\"match\":[\"terraform -chdir=infra destroy -auto-approve\",\"kubectl --context prod delete ns api\"],"
                + "\"not_match\":[\"terraform plan\",\"kubectl get pods\"]}},"
                + "{\"id\":\"approve-prod-apply\",\"match\":{\"command\":[\"kubectl apply --context prod*\"]},\"decision\":\"require_approval\"},"
                + "{\"id\":\"secrets-stay-put\",\"match\":{\"file.read\":[\"**/.env\",\"**/*.pem\",\"**/.aws/credentials\"]},\"decision\":\"deny\"},"
                + "{\"id\":\"merge-needs-a-human\",\"match\":{\"mcp.call\":[\"github/merge_pull_request\",\"github/delete_*\"]},"
                + "\"decision\":\"require_approval\"},"
                + "{\"id\":\"no-publish\",\"match\":{\"command\":[\"npm publish\",\"mvn deploy\",\"twine upload\"]},\"decision\":\"deny\","
                + "\"enforce\":false}]");
        assertThat(rules).extracting(ActionRule::id).containsExactly("deny-infra-destroy", "approve-prod-apply", "secrets-stay-put",
                "merge-needs-a-human", "no-publish");
        assertThat(rules.get(1).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(rules.get(4).shadow()).isTrue();
        assertThat(rules.get(0).origin()).isEqualTo(ORG);
        assertThat(rules.get(1).reason()).isEqualTo("Rule approve-prod-apply of the org policy");
    }

    @Test
    void aRuleWhoseOwnExamplesFailIsADocumentErrorNamingRuleAndExample() {
        RuleDocumentException e = failure("[{\"id\":\"no-destroy\",\"match\":{\"command\":\"terraform destroy\"},\"decision\":\"deny\","
                + "\"tests\":{\"match\":[\"terraform plan\"],\"not_match\":[\"cd x && terraform destroy\"]}}]");
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems()).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("org.yaml");
            assertThat(p.keyPath()).isEqualTo("rules[0].tests");
            assertThat(p.ruleId()).isEqualTo("no-destroy");
        });
        assertThat(e.getMessage()).contains("\"terraform plan\" does not match").contains("\"cd x && terraform destroy\" matches");
    }

    @Test
    void aPatternThatCanNeverMatchIsAnErrorAtItsKeyPath() {
        RuleDocumentException e = failure("[{\"id\":\"r1\",\"match\":{\"file.read\":[\"**/.env\", \".env\"]},\"decision\":\"deny\"}]");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("rules[0].match.file.read[1]");
            assertThat(p.message()).contains("can never match").contains("**/.env");
        });
        assertThat(failure("[{\"id\":\"r1\",\"match\":{\"command\":[\"/bin/rm -rf\"]},\"decision\":\"deny\"}]").getMessage())
                .contains("rules[0].match.command[0]").contains("can never match");
        assertThat(failure("[{\"id\":\"r1\",\"match\":{\"git.push\":[\"refs/heads/main\"]},\"decision\":\"deny\"}]").getMessage())
                .contains("can never match");
        assertThat(failure("[{\"id\":\"r1\",\"match\":{\"network\":[\"https://x.example/\"]},\"decision\":\"deny\"}]").getMessage())
                .contains("can never match");
    }

    @Test
    void malformedRulesAreAllReportedAtOnce() {
        RuleDocumentException e = failure("[{\"id\":\"Bad Id\",\"match\":{\"command\":[\"x\"]},\"decision\":\"deny\"},"
                + "{\"id\":\"r2\",\"match\":{\"shell\":[\"x\"]},\"decision\":\"deny\"},"
                + "{\"id\":\"r3\",\"match\":{\"command\":[\"x\"]},\"decision\":\"block\"},"
                + "{\"id\":\"r4\",\"match\":{\"command\":[\"x\"]},\"decision\":\"deny\",\"enforce\":\"no\",\"colour\":1},"
                + "{\"id\":\"r4\",\"match\":{\"command\":[\"y\"]},\"decision\":\"deny\"},"
                + "{\"id\":\"git.my_rule\",\"match\":{\"command\":[\"y\"]},\"decision\":\"deny\"},"
                + "{\"match\":{\"command\":[\"y\"]}},"
                + "{\"id\":\"r8\",\"match\":{\"mcp.call\":[\"no-slash\"]},\"decision\":\"deny\"},"
                + "\"just text\"]");
        assertThat(e.problems()).extracting(RuleDocumentException.Problem::keyPath).contains("rules[0].id", "rules[1].match.shell",
                "rules[2].decision", "rules[3].enforce", "rules[3].colour", "rules[4].id", "rules[5].id", "rules[6].id",
                "rules[6].decision", "rules[7].match.mcp.call[0]", "rules[8]");
        assertThat(e.problems()).filteredOn(p -> p.keyPath().equals("rules[4].id")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("used by an earlier rule"));
        assertThat(e.problems()).filteredOn(p -> p.keyPath().equals("rules[5].id")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("reserved"));
    }

    @Test
    void notAListIsRefused() {
        assertThatThrownBy(() -> read("{\"id\":\"x\"}")).isInstanceOf(RuleDocumentException.class)
                .hasMessageContaining("org.yaml: rules: must be a list of rules");
    }

    @Test
    void rulesTravelAsJsonWithTheirOriginAndReadBackEqual() {
        List<ActionRule> rules = read("[{\"id\":\"a\",\"match\":{\"command\":[\"npm publish\"],\"mcp.call\":[\"gh/*\"]},"
                + "\"decision\":\"warn\",\"reason\":\"r\",\"alternative\":\"use CI\",\"tests\":{\"match\":[\"npm publish\"]}},"
                + "{\"id\":\"b\",\"match\":{\"file.write\":[\"/etc/**\"]},\"decision\":\"deny\",\"enforce\":false}]");
        Origin team = new Origin(Origin.Layer.TEAM, "backend", "team.yaml");
        List<ActionRule> withTeam = List.of(rules.get(0), new ActionRule("b", rules.get(1).match(), Decision.BLOCK, "x",
                java.util.Optional.empty(), false, RuleTests.NONE, team));
        String json = RuleCodec.toJson(withTeam);
        List<ActionRule> back = RuleCodec.readWithOrigins(MiniJson.parse(json), "policy.json", "rules", ORG);
        assertThat(back).extracting(ActionRule::id, ActionRule::decision, ActionRule::origin, ActionRule::enforce,
                ActionRule::alternative).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", Decision.WARN, ORG, true, java.util.Optional.of("use CI")),
                        org.assertj.core.groups.Tuple.tuple("b", Decision.BLOCK, team, false, java.util.Optional.empty()));
        assertThat(back.get(0).match().patterns()).isEqualTo(rules.get(0).match().patterns());
    }
}
