package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy loading and its fail-closed semantics, and how the policy shapes verdicts. */
class PolicyTest {
    @TempDir
    Path dir;

    private static void assertBlocksEveryGuardedCommand(SafetyPolicy p, String why) {
        SafetyEngine e = new SafetyEngine(p);
        for (String c : new String[] {"git status", "git log", "curl http://localhost/", "rsync a/ b/", "ls && git status"}) {
            Verdict v = e.evaluateLine(c);
            assertThat(v.decision()).as(c).isEqualTo(Decision.BLOCK);
            assertThat(v.rule()).contains("policy.invalid");
            assertThat(v.reason()).contains(why);
        }
        // the org's action rules may name any program, file or MCP tool: while the policy cannot be read, every governed
        // action is refused (issue 15), not only git and the network tools
        assertThat(e.evaluateLine("ls -la").decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.evaluateLine("ls -la").rule()).contains("policy.invalid");
        assertThat(e.judgeAction(new dev.scc.safety.rules.Action.FileRead("/workspace/README.md")).verdict().decision())
                .isEqualTo(Decision.BLOCK);
        assertThat(e.judgeAction(new dev.scc.safety.rules.Action.McpCall("fs", "read_file", "{}")).verdict().decision())
                .isEqualTo(Decision.BLOCK);
        assertThat(e.evaluateArgv(java.util.List.of("git", "status")).decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void missingPolicyFileBlocksEveryGuardedCommand() {
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.load(dir.resolve("nope.json"), true), "does not exist");
    }

    @Test
    void unreadablePolicyFileBlocksEveryGuardedCommand() throws IOException {
        Path d = Files.createDirectory(dir.resolve("adir.json"));
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.load(d, false), "not a regular file");
    }

    @Test
    void invalidJsonBlocksEveryGuardedCommand() throws IOException {
        Path f = write("{\"action\": \"block\",}");
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.load(f, true), "not valid JSON");
    }

    @Test
    void nonUtf8PolicyBlocksEveryGuardedCommand() throws IOException {
        Path f = dir.resolve("p.json");
        Files.write(f, new byte[] {'{', (byte) 0xff, '}'});
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.load(f, false), "not UTF-8");
    }

    @Test
    void unknownActionBlocksEveryGuardedCommand() {
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("{\"action\":\"maybe\"}", "p"), "\"maybe\"");
    }

    @Test
    void wrongValueTypesAndUnknownKeysBlockEveryGuardedCommand() {
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("{\"block_force_push\":\"false\"}", "p"), "must be true or false");
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("{\"block_everything\":true}", "p"), "not a known safety_net key");
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("{\"security\":{\"safety_net\":[]}}", "p"), "must be an object");
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("[]", "p"), "must be a JSON object");
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("{\"require_approval\":[\"network.curl\"]}", "p"), "not a git rule id");
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.parse("{\"allowed_destinations\":\"github.com\"}", "p"), "list of strings");
    }

    @Test
    void symlinkedOrWritablePolicyFileIsRefusedWhenProtectionIsRequired() throws IOException {
        Path real = write("{}");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.load(link, true), "symbolic link");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertBlocksEveryGuardedCommand(SafetyPolicyLoader.load(real, true), "writable by group or others");
    }

    @Test
    void orgConfigWithoutSafetyNetUsesDefaultsWithEveryRuleOn() {
        SafetyPolicy p = SafetyPolicyLoader.parse("{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"x\"}}", "org.json");
        assertThat(p.failure()).isEmpty();
        SafetyEngine e = new SafetyEngine(p);
        assertThat(e.evaluateLine("git push -f").decision()).isEqualTo(Decision.BLOCK);
        assertThat(e.evaluateLine("git status").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void referenceOrgConfigLoadsUnchanged() throws IOException {
        String json;
        try (var in = PolicyTest.class.getResourceAsStream("/reference-org-configs/09-org-safety-net-enabled.json")) {
            if (in == null) {
                throw new IllegalStateException("test fixture reference-org-configs/09-org-safety-net-enabled.json is missing");
            }
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(json).contains("\"safety_net\"");
        SafetyPolicy p = SafetyPolicyLoader.parse(json, "09");
        assertThat(p.failure()).isEmpty();
        assertThat(p.disabledRules()).isEmpty();
    }

    @Test
    void referenceSchemaGroupKeysSwitchTheirRules() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse(
                "{\"security\":{\"safety_net\":{\"block_checkout_restore\":false,\"block_stash_destructive\":false}}}", "org"));
        assertThat(e.evaluateLine("git checkout -- x").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git restore x").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git switch -f main").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git stash drop").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git reset --hard").decision()).isEqualTo(Decision.BLOCK);
    }

    /** Reference 10.9 and its short-circuit bug: a disabled rule no longer hides later sub-commands. */
    @Test
    void disabledRuleAllowsItsCommandButLaterSubcommandsAreStillJudged() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"block_force_push\":false}", "p"));
        Verdict alone = e.evaluateLine("git push --force");
        assertThat(alone.decision()).isEqualTo(Decision.ALLOW);
        assertThat(alone.reason()).isEqualTo("Rule git.force_push disabled by policy");
        assertThat(e.evaluateLine("git push --force && git reset --hard").rule()).contains("git.reset_hard");
        assertThat(e.evaluateLine("git push --force; curl https://evil.example").rule()).contains("network.curl");
        assertThat(e.evaluateLine("git push --force --mirror").rule()).contains("git.push_mirror");
    }

    @Test
    void warnActionLetsTheCommandRunWithAWarning() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":\"warn\"}", "p"));
        Verdict v = e.evaluateLine("git push --force");
        assertThat(v.decision()).isEqualTo(Decision.WARN);
        assertThat(v.allowed()).isTrue();
        assertThat(v.reason()).startsWith("WARNING: BLOCKED: Force push");
    }

    @Test
    void allowActionSkipsAnalysisEntirely() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":\"allow\"}", "p"));
        assertThat(e.evaluateLine("git push --force").reason()).isEqualTo("Policy action is allow");
        assertThat(e.evaluateLine("echo 'unterminated").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void missingKeyMeansTheRuleIsOn() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":\"block\"}", "p"));
        assertThat(e.evaluateLine("git stash clear").decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void requireApprovalTurnsABlockIntoAnApprovalRequest() {
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"require_approval\":[\"git.force_push\"]}", "p"));
        Verdict v = e.evaluateLine("git push --force origin feature");
        assertThat(v.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(v.reason()).startsWith("APPROVAL REQUIRED: Force push");
        assertThat(e.evaluateLine("git reset --hard").decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void protectedBranchPushesNeedApprovalOnlyWhenThePolicyEnablesIt() {
        assertThat(Cases.line("git push origin main").decision()).isEqualTo(Decision.ALLOW);
        SafetyEngine e = new SafetyEngine(SafetyPolicyLoader.parse("{\"require_approval\":[\"git.push_protected_branch\"]}", "p"));
        assertThat(e.evaluateLine("git push origin main").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(e.evaluateLine("git push origin HEAD:refs/heads/main").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(e.evaluateLine("git push origin release/1.2").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(e.evaluateLine("git push --all origin").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(e.evaluateLine("git push").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(e.evaluateLine("git push origin feature/x").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git push origin v1.0:refs/tags/v1.0").decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.evaluateLine("git push --tags").decision()).isEqualTo(Decision.ALLOW);
        // a force push to main stays a plain block: block outranks require_approval
        assertThat(e.evaluateLine("git push -f origin main").decision()).isEqualTo(Decision.BLOCK);
        SafetyEngine custom = new SafetyEngine(SafetyPolicyLoader.parse(
                "{\"require_approval\":[\"git.push_protected_branch\"],\"protected_branches\":[\"prod\"]}", "p"));
        assertThat(custom.evaluateLine("git push origin main").decision()).isEqualTo(Decision.ALLOW);
        assertThat(custom.evaluateLine("git push origin prod").decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    private Path write(String json) throws IOException {
        Path f = dir.resolve("policy.json");
        Files.writeString(f, json);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }
}
