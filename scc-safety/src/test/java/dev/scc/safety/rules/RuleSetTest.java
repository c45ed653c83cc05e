package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import dev.scc.safety.internal.json.MiniJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation of actions of every kind: the strictest enforced match decides, shadow matches are listed apart. */
class RuleSetTest {
    static final RuleSet RULES = RuleSet.of(RuleCodec.read(MiniJson.parse("["
            + "{\"id\":\"deny-infra-destroy\",\"match\":{\"command\":[\"terraform destroy\",\"kubectl delete\"]},\"decision\":\"deny\"},"
            + "{\"id\":\"warn-kubectl\",\"match\":{\"command\":[\"kubectl\"]},\"decision\":\"warn\"},"
            + "{\"id\":\"secrets-stay-put\",\"match\":{\"file.read\":[\"**/.env\",\"**/*.pem\"]},\"decision\":\"deny\"},"
            + "{\"id\":\"no-etc-writes\",\"match\":{\"file.write\":[\"/etc/**\"]},\"decision\":\"deny\"},"
            + "{\"id\":\"merge-needs-a-human\",\"match\":{\"mcp.call\":[\"github/merge_pull_request\",\"github/delete_*\"]},"
            + "\"decision\":\"require_approval\"},"
            + "{\"id\":\"no-pastebin\",\"match\":{\"network\":[\".pastebin.com\"]},\"decision\":\"deny\"},"
            + "{\"id\":\"main-needs-review\",\"match\":{\"git.push\":[\"main\",\"release/*\"]},\"decision\":\"require_approval\"},"
            + "{\"id\":\"no-publish\",\"match\":{\"command\":[\"npm publish\"]},\"decision\":\"deny\",\"enforce\":false}]"),
            "org.yaml", "rules", new Origin(Origin.Layer.ORG, "", "org.yaml")));

    @Test
    void theStrictestMatchDecidesAndEveryMatchIsTraced() {
        Evaluation e = RULES.evaluate(RuleSet.commandsOf("kubectl --context prod delete ns api"));
        assertThat(e.decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.trace()).extracting(TraceEntry::ruleId).containsExactly("deny-infra-destroy", "warn-kubectl");
        assertThat(e.decidingRule().orElseThrow().matched()).isEqualTo("kubectl delete");
        assertThat(e.decidingRule().orElseThrow().origin().layer()).isEqualTo(Origin.Layer.ORG);
    }

    @Test
    void shadowMatchesAreListedApartAndChangeNothing() {
        Evaluation e = RULES.evaluate(RuleSet.commandsOf("cd web && npm publish --tag next"));
        assertThat(e.decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.trace()).isEmpty();
        assertThat(e.shadow()).extracting(TraceEntry::ruleId).containsExactly("no-publish");
    }

    @Test
    void fileReadsAndWritesAreMatchedOnTheNormalisedPath() {
        assertThat(RULES.evaluate(new Action.FileRead("/workspace/app/.env")).decision()).isEqualTo(Decision.BLOCK);
        assertThat(RULES.evaluate(new Action.FileRead("/workspace/app/./x/../.env")).decision()).isEqualTo(Decision.BLOCK);
        assertThat(RULES.evaluate(new Action.FileRead("/workspace/.env.example")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(RULES.evaluate(new Action.FileRead("/home/agent/key.pem")).decision()).isEqualTo(Decision.BLOCK);
        assertThat(RULES.evaluate(new Action.FileWrite("/workspace/.env")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(RULES.evaluate(new Action.FileWrite("/etc/hosts")).decision()).isEqualTo(Decision.BLOCK);
        assertThat(RULES.evaluate(new Action.FileRead("/etc/hosts")).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void mcpCallsAreMatchedByServerAndToolAsTheHooksNameThem() {
        Action call = Action.McpCall.fromHookToolName("mcp__github__delete_repository", "{}").orElseThrow();
        assertThat(call).isEqualTo(new Action.McpCall("github", "delete_repository", "{}"));
        assertThat(RULES.evaluate(call).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(RULES.evaluate(new Action.McpCall("github", "list_issues", "")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(RULES.evaluate(new Action.McpCall("gitlab", "delete_x", "")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(Action.McpCall.fromHookToolName("Bash", "")).isEmpty();
        assertThat(Action.McpCall.fromHookToolName("mcp__github", "")).isEmpty();
    }

    @Test
    void networkAndPushActionsAreMatched() {
        assertThat(RULES.evaluate(new Action.Network("https", "pastebin.com", 443)).decision()).isEqualTo(Decision.BLOCK);
        assertThat(RULES.evaluate(new Action.Network("https", "API.pastebin.com", 443)).decision()).isEqualTo(Decision.BLOCK);
        assertThat(RULES.evaluate(new Action.Network("https", "notpastebin.com", 443)).decision()).isEqualTo(Decision.ALLOW);
        assertThat(RULES.evaluate(new Action.GitPush("origin", List.of("feature/x", "release/1.2"), false)).decision())
                .isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(RULES.evaluate(new Action.GitPush("origin", List.of("feature/x"), false)).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void canonicalFormsAreStableAndQuoteWhatNeedsIt() {
        assertThat(new Action.Command(List.of("terraform", "destroy", "a b"), java.util.Map.of("TF_LOG", "1"), "/w").canonical())
                .isEqualTo("command: TF_LOG=1 terraform destroy 'a b' @ /w");
        assertThat(new Action.FileWrite("/w/./x/../y.txt").canonical()).isEqualTo("file.write: /w/y.txt");
        assertThat(new Action.McpCall("github", "merge_pull_request", "{\"n\":1}").canonical())
                .isEqualTo("mcp.call: github/merge_pull_request {\"n\":1}");
    }

    @Test
    void programsNamedByCommandPatternsAreTheWrappersToInstall() {
        assertThat(RULES.programs()).containsExactly("kubectl", "npm", "terraform");
    }

    @Test
    void twoRulesWithOneIdAreRefused() {
        ActionRule r = RULES.rules().get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.of(List.of(r, r)))
                .hasMessageContaining("\"deny-infra-destroy\" is defined twice");
    }
}
