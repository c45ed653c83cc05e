package dev.scc.safety.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.safety.Decision;
import dev.scc.safety.internal.match.CommandPattern;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every pattern form of the action rules: command words and options, path globs, MCP server/tool globs, shadows. */
class ActionRulesTest {
    private static List<String> argv(String line) {
        return List.of(line.split(" "));
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = '|', value = {
        "terraform destroy|terraform destroy",
        "terraform destroy|terraform destroy -auto-approve",
        "terraform destroy|terraform -chdir=infra destroy -auto-approve",
        "terraform destroy|/usr/local/bin/terraform destroy",
        "terraform apply -destroy|terraform apply -auto-approve -destroy",
        "kubectl delete|kubectl --context prod delete ns api",
        "kubectl delete|kubectl -n kube-system delete pod x",
        "kubectl delete|kubectl --namespace=prod delete pod x",
        "kubectl apply --context prod*|kubectl apply --context prod-eu -f x.yaml",
        "kubectl apply --context prod*|kubectl --context=production apply -f x.yaml",
        "npm publish|npm --registry http://r publish",
        "aws s3 rb|aws --profile p s3 rb s3://b --force",
        "aws s3 rb --force|aws s3 rb s3://b --force",
        "git push|git -C repo push origin main",
        "terraform *|terraform plan",
        "terraform destroy **|terraform destroy a b c",
        "kube*l delete|kubectl delete pod x",
        "pulumi destroy|pulumi -C infra destroy --yes"})
    void commandPatternMatches(String pattern, String line) {
        assertThat(CommandPattern.compile(pattern).matches(argv(line))).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource(delimiter = '|', value = {
        "terraform destroy|terraform plan",
        "terraform destroy|terraform plan destroy",
        "terraform destroy|echo terraform destroy",
        "terraform apply -destroy|terraform apply",
        "kubectl delete|kubectl get pods",
        "kubectl delete|kubectl get delete",
        "kubectl delete|kubectl --context delete get pods",
        "kubectl apply --context prod*|kubectl apply --context dev -f x.yaml",
        "kubectl apply --context prod*|kubectl apply -f x.yaml",
        "aws s3 rb --force|aws s3 rb s3://b",
        "npm publish|npm install",
        "terraform destroy|terraformer destroy"})
    void commandPatternDoesNotMatch(String pattern, String line) {
        assertThat(CommandPattern.compile(pattern).matches(argv(line))).isFalse();
    }

    @Test
    void aPatternMustStartWithAProgramName() {
        assertThatThrownBy(() -> CommandPattern.compile("-f x")).hasMessageContaining("program name first");
        assertThatThrownBy(() -> CommandPattern.compile("/usr/bin/terraform destroy")).hasMessageContaining("by a path");
        assertThatThrownBy(() -> CommandPattern.compile("terraform ** destroy")).hasMessageContaining("'**'");
    }

    private static ActionRule rule(String id, Decision d, boolean enforce, List<String> cmd, List<String> read, List<String> write,
            List<String> mcp) {
        return new ActionRule(id, d, "because", enforce, "org", cmd, read, write, mcp);
    }

    @ParameterizedTest(name = "{0} is read by a rule on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "/workspace/.env|**/.env|true",
        "/workspace/app/.env|**/.env|true",
        "/.env|**/.env|true",
        "/workspace/.env.example|**/.env|false",
        "/workspace/.env|.env|true",
        "/home/agent/.aws/credentials|**/.aws/credentials|true",
        "/workspace/certs/server.pem|**/*.pem|true",
        "/workspace/certs/server.pem|/workspace/*.pem|false",
        "/workspace/certs/server.pem|/workspace/**/*.pem|true",
        "/workspace/README.md|**/.env|false"})
    void pathGlobs(String path, String glob, boolean matches) {
        ActionRules rules = new ActionRules(List.of(rule("r", Decision.BLOCK, true, List.of(), List.of(glob), List.of(), List.of())));
        assertThat(rules.evaluate(new Action.FileRead(path)).effective().isPresent()).isEqualTo(matches);
        assertThat(rules.evaluate(new Action.FileWrite(path)).effective()).as("a read rule says nothing about writes").isEmpty();
    }

    @Test
    void mcpPatternsMatchServerSlashTool() {
        ActionRules rules = new ActionRules(List.of(rule("m", Decision.REQUIRE_APPROVAL, true, List.of(), List.of(), List.of(),
                List.of("github/merge_pull_request", "github/delete_*", "memory/*"))));
        assertThat(rules.evaluate(new Action.McpCall("github", "merge_pull_request", "{}")).effective()).isPresent();
        assertThat(rules.evaluate(new Action.McpCall("github", "delete_branch", "{}")).effective()).isPresent();
        assertThat(rules.evaluate(new Action.McpCall("memory", "create_entities", "{}")).effective()).isPresent();
        assertThat(rules.evaluate(new Action.McpCall("github", "list_issues", "{}")).effective()).isEmpty();
        assertThat(rules.evaluate(new Action.McpCall("githubx", "merge_pull_request", "{}")).effective()).isEmpty();
        assertThatThrownBy(() -> rule("bad", Decision.BLOCK, true, List.of(), List.of(), List.of(), List.of("github")))
                .hasMessageContaining("SERVER/TOOL");
    }

    @Test
    void theMostSevereEnforcedMatchWinsAndShadowMatchesNeverDecide() {
        ActionRules rules = new ActionRules(List.of(
                rule("warn-tf", Decision.WARN, true, List.of("terraform"), List.of(), List.of(), List.of()),
                rule("shadow-deny", Decision.BLOCK, false, List.of("terraform destroy"), List.of(), List.of(), List.of()),
                rule("approve-destroy", Decision.REQUIRE_APPROVAL, true, List.of("terraform destroy"), List.of(), List.of(), List.of())));
        ActionRules.Outcome o = rules.evaluate(new Action.Command(argv("terraform destroy")));
        assertThat(o.effective()).get().extracting(ActionRule::id).isEqualTo("approve-destroy");
        assertThat(o.shadow()).extracting(ActionRule::id).containsExactly("shadow-deny");
        assertThat(rules.evaluate(new Action.Command(argv("terraform plan"))).effective()).get().extracting(ActionRule::id)
                .isEqualTo("warn-tf");
    }

    @Property
    void evaluationIsDeterministicAndIndependentOfWhereTheProgramIs(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String dir,
            @ForAll boolean destroy) {
        ActionRules rules = new ActionRules(List.of(
                rule("a", Decision.BLOCK, true, List.of("terraform destroy"), List.of(), List.of(), List.of()),
                rule("b", Decision.WARN, true, List.of("terra* *"), List.of(), List.of(), List.of())));
        List<String> bare = List.of("terraform", destroy ? "destroy" : "plan");
        List<String> pathed = List.of("/" + dir + "/terraform", destroy ? "destroy" : "plan");
        ActionRules.Outcome first = rules.evaluate(new Action.Command(bare));
        assertThat(rules.evaluate(new Action.Command(bare))).isEqualTo(first);
        assertThat(rules.evaluate(new Action.Command(pathed)).effective().map(ActionRule::id))
                .isEqualTo(first.effective().map(ActionRule::id)).contains(destroy ? "a" : "b");
    }

    @Test
    void anActionsHashIsOverItsCanonicalForm() {
        assertThat(new Action.FileWrite("/w/a").hash()).isEqualTo(new Action.FileWrite("/w/a").hash())
                .isNotEqualTo(new Action.FileRead("/w/a").hash()).hasSize(64);
        assertThat(new Action.Command(List.of("a b")).hash()).isNotEqualTo(new Action.Command(List.of("a", "b")).hash());
        assertThat(Action.normalise("sub/../.env", "/workspace")).isEqualTo("/workspace/.env");
        assertThat(Action.normalise("/etc/./x", "/workspace")).isEqualTo("/etc/x");
    }
}
