package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.rules.Action;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.FileAuditLog;
import dev.scc.safety.evaluator.Evaluator;
import dev.scc.safety.hook.HookAdaptor;
import dev.scc.safety.internal.json.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The org's action rules as the in-sandbox engine applies them (issue 15): the policy file the host writes, command
 * rules through the wrappers the analyser peels, file and MCP tools through the hooks, approvals bound to the action,
 * shadow rules and the evidence every decision leaves.
 */
class ActionPolicyTest {
    static final String POLICY = """
            {"action":"block","rules":[
              {"id":"deny-infra-destroy","match":{"command":["terraform destroy","terraform apply -destroy","kubectl delete ns"]},
               "decision":"deny","reason":"Destroying infrastructure is done by the release pipeline"},
              {"id":"approve-kubectl-delete","match":{"command":["kubectl delete"]},"decision":"require_approval",
               "reason":"Deleting cluster objects needs a human"},
              {"id":"secrets-stay-put","match":{"file.read":["**/.env","**/*.pem"],"file.write":["**/.env"]},"decision":"deny",
               "reason":"Secrets stay where they are"},
              {"id":"merge-needs-a-human","match":{"mcp.call":["github/merge_*"]},"decision":"require_approval"},
              {"id":"no-memory-deletes","match":{"mcp.call":["memory/delete_*"]},"decision":"deny","reason":"Memory is append-only"},
              {"id":"no-publish","match":{"command":["npm publish"]},"decision":"deny","enforce":false}]}
            """;

    @TempDir
    Path dir;

    static Evaluator evaluator() {
        return new Evaluator(engine(), ApprovalGate.NONE, dev.scc.safety.audit.AuditSink.NONE, "s", name -> false, "sha256:v1");
    }

    static SafetyEngine engine() {
        SafetyPolicy p = SafetyPolicyLoader.parse(POLICY, "policy.json");
        assertThat(p.failure()).isEmpty();
        return new SafetyEngine(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform destroy", "terraform -chdir=infra destroy -auto-approve", "cd infra && terraform destroy",
        "env TF_LOG=1 terraform destroy", "sh -c 'terraform destroy'", "bash -lc \"cd infra; terraform destroy\"",
        "true; /usr/local/bin/terraform destroy", "echo y | terraform destroy", "sudo -u ops terraform apply -destroy",
        "timeout 60 terraform destroy", "xargs terraform destroy < /dev/null", "$(terraform destroy)"})
    void commandRulesMatchThroughEveryWrapperTheAnalyserPeels(String line) {
        Verdict v = evaluator().decideLine(line, "/workspace", "hook:claude");
        assertThat(v.decision()).as(line).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).contains("deny-infra-destroy");
        assertThat(v.reason()).contains("Destroying infrastructure is done by the release pipeline");
        assertThat(v.evidence().policyVersion()).isEqualTo("sha256:v1");
        assertThat(v.evidence().ruleOrigin()).contains("org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform plan", "echo terraform destroy", "git commit -m 'terraform destroy'", "kubectl get pods",
        "grep -r 'kubectl delete' docs"})
    void dataThatOnlyMentionsACommandIsNotThatCommand(String line) {
        assertThat(engine().evaluateLine(line).decision()).as(line).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theMoreSevereRuleWinsAndAnApprovalRuleAsksForAHuman() {
        assertThat(engine().evaluateLine("kubectl --context prod delete ns api").rule()).contains("deny-infra-destroy");
        Verdict v = engine().evaluateLine("kubectl --context prod delete pod api-1");
        assertThat(v.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(v.rule()).contains("approve-kubectl-delete");
        assertThat(v.reason()).startsWith("APPROVAL REQUIRED: Deleting cluster objects needs a human (rule approve-kubectl-delete");
    }

    @Test
    void aShadowRuleChangesNothingButIsListedInTheEvidence() {
        Verdict v = evaluator().decideLine("npm publish --tag next", "/workspace", "hook:claude");
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.evidence().shadow()).singleElement().satisfies(m -> {
            assertThat(m.rule()).isEqualTo("no-publish");
            assertThat(m.decision()).isEqualTo(Decision.BLOCK);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat .env", "head -n1 app/.env", "cat README.md key.pem", "less -- ./.env", "cp .env /tmp/x"})
    void aShellReadingAGuardedFileIsAFileRead(String line) {
        Verdict v = evaluator().decideLine(line, "/workspace", "hook:codex");
        assertThat(v.decision()).as(line).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).contains("secrets-stay-put");
        assertThat(v.evidence().actionKind()).isEqualTo("file.read");
    }

    @Test
    void fileAndMcpActionsAreJudged() {
        SafetyEngine e = engine();
        assertThat(e.judgeAction(new Action.FileRead("/workspace/.env")).verdict().decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.judgeAction(new Action.FileWrite("/workspace/.env")).verdict().decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.judgeAction(new Action.FileRead("/workspace/README.md")).verdict().decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.judgeAction(new Action.McpCall("github", "merge_pull_request", "{}")).verdict().decision())
                .isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(e.judgeAction(new Action.McpCall("memory", "delete_entities", "{}")).verdict().reason()).contains("Memory is append-only");
        assertThat(e.judgeAction(new Action.McpCall("memory", "read_graph", "{}")).verdict().decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aPolicyFileWhoseRulesDoNotLoadBlocksEveryGovernedActionInTheSandbox() {
        SafetyPolicy p = SafetyPolicyLoader.parse("{\"rules\":[{\"id\":\"x\",\"match\":{\"command\":[\"terraform destroy\"]},"
                + "\"decision\":\"block!\"}]}", "/etc/scc/safety-policy.json");
        assertThat(p.failure()).get().asString().startsWith("/etc/scc/safety-policy.json: ").contains("$.rules[0].decision (rule x)");
        SafetyEngine e = new SafetyEngine(p);
        assertThat(e.evaluateLine("ls").decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.judgeAction(new Action.McpCall("memory", "read_graph", "{}")).verdict().rule()).contains("policy.invalid");
        assertThat(e.judgeAction(new Action.FileRead("/workspace/README.md")).verdict().decision()).isEqualTo(Decision.BLOCK);
        HookAdaptor hook = new HookAdaptor(Evaluator.of(e));
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(),
                "{\"cwd\":\"/w\",\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"/w/a.txt\",\"content\":\"x\"}}").exitCode())
                .isEqualTo(2);
    }

    /** An in-memory gate: files a request per binding, approves what the test approves, once. */
    static final class Gate implements ApprovalGate {
        final List<Request> filed = new ArrayList<>();
        final List<List<String>> approved = new ArrayList<>();

        @Override
        public Outcome check(Request r) {
            return answer(r, true);
        }

        @Override
        public Outcome peek(Request r) {
            return answer(r, false);
        }

        private Outcome answer(Request r, boolean use) {
            if (approved.contains(r.argv())) {
                if (use) {
                    approved.remove(r.argv());
                }
                return new Outcome(true, Optional.of("req" + filed.size()), "approved", Optional.of("alice"));
            }
            filed.add(r);
            return new Outcome(false, Optional.of("req" + filed.size()), "waiting");
        }
    }

    @Test
    void anApprovedUnwrappedCommandPassesOnceAndTheApprovalIsBoundToTheActionAndThePolicyVersion() throws Exception {
        Gate gate = new Gate();
        Path log = dir.resolve("audit.jsonl");
        Evaluator ev = new Evaluator(engine(), gate, new FileAuditLog(log, Clock.systemUTC()), "s1", name -> false, "sha256:v1");
        String line = "kubectl delete pod api-1";
        Verdict first = ev.decideLine(line, "/workspace", "hook:claude");
        assertThat(first.decision()).isEqualTo(Decision.BLOCK);
        assertThat(first.reason()).contains("scc approve req1");
        assertThat(gate.filed.get(0).argv()).containsExactly("kubectl", "delete", "pod", "api-1", "[policy sha256:v1]");
        gate.approved.add(gate.filed.get(0).argv());
        Verdict second = ev.decideLine(line, "/workspace", "hook:claude");
        assertThat(second.decision()).isEqualTo(Decision.ALLOW);
        assertThat(second.evidence().reviewer()).contains("alice");
        assertThat(ev.decideLine(line, "/workspace", "hook:claude").decision()).as("once").isEqualTo(Decision.BLOCK);
        assertThat(ev.decideLine("kubectl delete pod api-2", "/workspace", "hook:claude").decision()).isEqualTo(Decision.BLOCK);

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4);
        Map<?, ?> approvedRecord = (Map<?, ?>) MiniJson.parse(lines.get(1));
        assertThat(approvedRecord.get("rule")).isEqualTo("approve-kubectl-delete");
        assertThat(approvedRecord.get("policy_version")).isEqualTo("sha256:v1");
        assertThat(approvedRecord.get("decision")).isEqualTo("allow");
        assertThat(approvedRecord.get("reviewer")).isEqualTo("alice");
        assertThat(approvedRecord.get("outcome")).isEqualTo("approved_once");
        assertThat(((Map<?, ?>) MiniJson.parse(lines.get(0))).get("outcome")).isEqualTo("approval_pending");
    }

    @Test
    void aWrappedProgramsApprovalIsOnlyPeekedAtByTheHookAndUsedByItsWrapper() {
        Gate gate = new Gate();
        Evaluator ev = new Evaluator(engine(), gate, dev.scc.safety.audit.AuditSink.NONE, "s1", "kubectl"::equals, "sha256:v1");
        ev.decideLine("kubectl delete pod a", "/w", "hook:codex");
        gate.approved.add(gate.filed.get(0).argv());
        assertThat(ev.decideLine("kubectl delete pod a", "/w", "hook:codex").decision()).isEqualTo(Decision.ALLOW);
        assertThat(ev.decideArgv(List.of("kubectl", "delete", "pod", "a"), "/w", "wrapper").decision()).isEqualTo(Decision.ALLOW);
        assertThat(ev.decideArgv(List.of("kubectl", "delete", "pod", "a"), "/w", "wrapper").decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void fileWritesAndMcpCallsAreApprovedOnceThroughTheHook() {
        Gate gate = new Gate();
        Evaluator ev = new Evaluator(engine(), gate, dev.scc.safety.audit.AuditSink.NONE, "s1", name -> false, "sha256:v1");
        HookAdaptor hook = new HookAdaptor(ev);
        String call = "{\"cwd\":\"/w\",\"tool_name\":\"mcp__github__merge_pull_request\",\"tool_input\":{\"pr\":7,\"repo\":\"a/b\"}}";
        HookAdaptor.Result r = hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(), call);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("scc approve req1").contains("(rule: merge-needs-a-human)");
        assertThat(gate.filed.get(0).argv()).containsExactly("mcp.call: github/merge_pull_request {\"pr\":7,\"repo\":\"a/b\"}",
                "[policy sha256:v1]");
        gate.approved.add(gate.filed.get(0).argv());
        // the same call with its keys in another order is the same action
        String same = "{\"cwd\":\"/w\",\"tool_name\":\"mcp__github__merge_pull_request\",\"tool_input\":{\"repo\":\"a/b\",\"pr\":7}}";
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(), same).exitCode()).isZero();
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(), same).exitCode()).as("once").isEqualTo(2);
    }

    @Test
    void claudeFileToolsAndCodexPatchesAreFileActions() {
        HookAdaptor hook = new HookAdaptor(Evaluator.of(engine()));
        HookAdaptor.Result read = hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(),
                "{\"cwd\":\"/workspace\",\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"/workspace/.env\"}}");
        assertThat(read.exitCode()).isEqualTo(2);
        assertThat(read.stderr()).contains("reading /workspace/.env").contains("Secrets stay where they are")
                .contains("(rule: secrets-stay-put)");
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(),
                "{\"cwd\":\"/workspace\",\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"README.md\"}}").exitCode()).isZero();
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(),
                "{\"cwd\":\"/workspace\",\"tool_name\":\"Edit\",\"tool_input\":{\"file_path\":\"sub/../.env\",\"old_string\":\"a\","
                        + "\"new_string\":\"b\"}}").exitCode()).isEqualTo(2);
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(),
                "{\"cwd\":\"/workspace\",\"tool_name\":\"Grep\",\"tool_input\":{\"pattern\":\"KEY\",\"path\":\".env\"}}").exitCode())
                .isEqualTo(2);
        String patch = "*** Begin Patch\n*** Update File: README.md\n@@\n-a\n+b\n*** Add File: app/.env\n+KEY=1\n*** End Patch\n";
        HookAdaptor.Result codex = hook.handle(dev.scc.safety.hook.HookFormats.fallback("codex").orElseThrow(), "{\"cwd\":\"/workspace\",\"tool_name\":\"apply_patch\","
                + "\"tool_input\":{\"command\":" + MiniJson.quote(patch) + "}}");
        assertThat(codex.exitCode()).isEqualTo(2);
        assertThat(codex.stderr()).startsWith("[Codex]").contains("writing /workspace/app/.env");
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("codex").orElseThrow(), "{\"cwd\":\"/w\",\"tool_name\":\"apply_patch\",\"tool_input\":{}}").exitCode())
                .as("a patch the hook cannot read is refused").isEqualTo(2);
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(), "{\"tool_name\":\"mcp__memory\",\"tool_input\":{}}").exitCode()).isEqualTo(2);
        assertThat(hook.handle(dev.scc.safety.hook.HookFormats.fallback("claude").orElseThrow(), "{\"tool_name\":\"TodoWrite\",\"tool_input\":{}}").exitCode()).isZero();
    }

    @Test
    void geminiFileToolsAndMcpCallsNamedByTheirMcpContextAreJudgedLikeTheOthers() {
        HookAdaptor hook = new HookAdaptor(Evaluator.of(engine()));
        HookAdaptor.Format gemini = new HookAdaptor.Format("gemini", "Gemini", java.util.List.of("run_shell_command"));
        HookAdaptor.Result read = hook.handle(gemini,
                "{\"cwd\":\"/workspace\",\"tool_name\":\"read_file\",\"tool_input\":{\"file_path\":\".env\"}}");
        assertThat(read.exitCode()).isEqualTo(2);
        assertThat(read.stderr()).startsWith("[Gemini]").contains("reading /workspace/.env").contains("(rule: secrets-stay-put)");
        assertThat(hook.handle(gemini, "{\"cwd\":\"/workspace\",\"tool_name\":\"replace\",\"tool_input\":{\"file_path\":"
                + "\"/workspace/.env\",\"old_string\":\"a\",\"new_string\":\"b\"}}").exitCode()).isEqualTo(2);
        assertThat(hook.handle(gemini, "{\"cwd\":\"/workspace\",\"tool_name\":\"read_file\",\"tool_input\":{\"file_path\":"
                + "\"README.md\"}}").exitCode()).isZero();
        // Gemini calls the tool mcp_SERVER_TOOL, which cannot be split where a name holds '_'; mcp_context names both.
        String delete = "{\"cwd\":\"/workspace\",\"tool_name\":\"mcp_memory_delete_entities\",\"tool_input\":{\"entityNames\":"
                + "[\"x\"]},\"mcp_context\":{\"server_name\":\"memory\",\"tool_name\":\"delete_entities\",\"command\":\"node\"}}";
        HookAdaptor.Result mcp = hook.handle(gemini, delete);
        assertThat(mcp.exitCode()).isEqualTo(2);
        assertThat(mcp.stderr()).contains("Memory is append-only").contains("(rule: no-memory-deletes)");
        assertThat(hook.handle(gemini, delete.replace("delete_entities", "create_entities")).exitCode()).isZero();
        assertThat(hook.handle(gemini, delete.replace("\"server_name\":\"memory\"", "\"server_name\":\"\"")).exitCode())
                .as("an MCP context naming no server is refused").isEqualTo(2);
    }
}
