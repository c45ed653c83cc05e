package dev.scc.cli.commands.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc policy test}, {@code scc policy simulate}, and the same verdict from {@code scc safety check --policy}. */
class PolicyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), new CliServices(Map.of("USER", "t"), dir, CLOCK),
                args);
        return new Run(code, out.toString(), err.toString());
    }

    private String fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = PolicyCommandsTest.class.getResourceAsStream("/policy/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p.toString();
    }

    @Test
    void policyTestRunsEveryRulesExamplesAndTheCaseFiles() throws IOException {
        Run r = run("policy", "test", "--org", fixture("org-with-rules.yaml"), fixture("cases-pass.yaml"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("6 rules, 6 rule examples, 7 cases: all hold");
    }

    @Test
    void aFailingRuleExampleExitsNonZeroNamingRuleAndExample() throws IOException {
        Run r = run("policy", "test", "--org", fixture("org-failing-example.yaml"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("$.rules[0].tests").contains("rule deny-infra-destroy")
                .contains("\"pulumi destroy\" does not match");
    }

    @Test
    void aFailingCaseExitsNonZeroNamingTheCaseAndTheDecision() throws IOException {
        Run r = run("policy", "test", "--org", fixture("org-with-rules.yaml"), fixture("cases-fail.yaml"), "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode f = r.json().path("data").path("failures").get(0);
        assertThat(f.path("path").asText()).isEqualTo("$.cases[0]");
        assertThat(f.path("message").asText()).contains("terraform plan").contains("expected deny, got allow");
        assertThat(r.json().path("status").path("ok").asBoolean()).isFalse();
    }

    @Test
    void simulateGivesTheDecisionTheTraceWithOriginAndTheShadowMatchesApart() throws IOException {
        String org = fixture("org-with-rules.yaml");
        JsonNode d = run("policy", "simulate", "--org", org, "--command", "cd infra && terraform -chdir=prod destroy; npm publish",
                "--json").json().path("data");
        assertThat(d.path("decision").asText()).isEqualTo("deny");
        assertThat(d.path("rule").asText()).isEqualTo("deny-infra-destroy");
        assertThat(d.path("trace").get(0).path("origin").asText()).isEqualTo("org");
        assertThat(d.path("trace").get(0).path("file").asText()).endsWith("org-with-rules.yaml");
        assertThat(d.path("shadow").get(0).path("rule").asText()).isEqualTo("no-publish");

        JsonNode team = run("policy", "simulate", "--org", org, "--team", "platform", "--command", "kubectl --context prod delete ns x",
                "--json").json().path("data");
        assertThat(team.path("decision").asText()).isEqualTo("require_approval");
        assertThat(team.path("trace").get(0).path("origin").asText()).isEqualTo("team:platform");

        JsonNode builtin = run("policy", "simulate", "--org", org, "--command", "git push --force", "--json").json().path("data");
        assertThat(builtin.path("decision").asText()).isEqualTo("deny");
        assertThat(builtin.path("trace").get(0).path("origin").asText()).isEqualTo("builtin:git");
    }

    @Test
    void simulateCoversFileReadsWritesAndMcpCalls() throws IOException {
        String org = fixture("org-with-rules.yaml");
        assertThat(run("policy", "simulate", "--org", org, "--file-read", "/workspace/.aws/credentials", "--json").json()
                .path("data").path("decision").asText()).isEqualTo("deny");
        assertThat(run("policy", "simulate", "--org", org, "--file-write", "/workspace/.env", "--json").json()
                .path("data").path("decision").asText()).isEqualTo("allow");
        JsonNode mcp = run("policy", "simulate", "--org", org, "--mcp", "github/merge_pull_request", "--json").json().path("data");
        assertThat(mcp.path("decision").asText()).isEqualTo("require_approval");
        assertThat(mcp.path("rule").asText()).isEqualTo("merge-needs-a-human");
        Run text = run("policy", "simulate", "--org", org, "--mcp", "github/list_issues");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).startsWith("decision: allow");
    }

    @Test
    void aTeamWithoutDelegationGetsNoneOfItsRules() throws IOException {
        JsonNode d = run("policy", "simulate", "--org", fixture("org-with-rules.yaml"), "--team", "frontend", "--command", "helm list",
                "--json").json().path("data");
        assertThat(d.path("decision").asText()).isEqualTo("allow");
    }

    @Test
    void theSandboxEngineReachesTheSameVerdictFromTheOrgFile() throws IOException {
        // scc safety check --policy reads an org config JSON, as the sandbox's evaluator reads its policy file
        Path org = dir.resolve("org.json");
        Files.writeString(org, JSON.writeValueAsString(new dev.scc.policy.schema.DocumentReader()
                .read(Path.of(fixture("org-with-rules.yaml")))));
        for (String line : new String[] {"terraform -chdir=infra destroy", "terraform plan", "npm publish", "git push -f"}) {
            String simulated = run("policy", "simulate", "--org", org.toString(), "--command", line, "--json").json()
                    .path("data").path("decision").asText();
            Run check = run("safety", "check", "--policy", org.toString(), "--command", line, "--json");
            String checked = check.json().path("data").path("decision").asText();
            assertThat(checked.equals("block") ? "deny" : checked).as(line).isEqualTo(simulated);
        }
    }

    @Test
    void configExplainListsTheEffectiveRulesWithTheirOrigin() throws IOException {
        Run r = run("config", "explain", "--org", fixture("org-with-rules.yaml"), "--team", "platform", "--json");
        JsonNode rules = r.json().path("data").path("effective").path("rules");
        assertThat(rules.findValuesAsText("id")).contains("git.force_push", "deny-infra-destroy", "approve-kubectl-delete");
        JsonNode team = null;
        for (JsonNode n : rules) {
            if (n.path("id").asText().equals("approve-kubectl-delete")) {
                team = n;
            }
        }
        assertThat(team.path("origin").asText()).isEqualTo("team:platform");
        assertThat(team.path("native_deny").asBoolean(true)).isFalse();
        assertThat(team.path("hook_only").asText()).contains("require_approval needs the hook");
        for (JsonNode n : rules) {
            if (n.path("id").asText().equals("deny-infra-destroy")) {
                assertThat(n.path("native_deny").asBoolean()).isTrue();
                assertThat(n.path("hook_only").asText()).contains("\"terraform apply -destroy\": options may stand anywhere")
                        .doesNotContain("\"terraform destroy\"", "pulumi");
            }
        }
        Run text = run("config", "explain", "--org", fixture("org-with-rules.yaml"), "--team", "platform");
        assertThat(text.out()).contains("Rules").contains("deny-infra-destroy").contains("(from org)").contains("[shadow]")
                .contains("native deny too (rendered into the agent's own deny rules); hook only: command \"terraform apply -destroy\"")
                .contains("hook only: native rules only deny; require_approval needs the hook");
    }
}
