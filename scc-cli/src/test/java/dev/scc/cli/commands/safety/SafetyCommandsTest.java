package dev.scc.cli.commands.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc safety check|hook} and {@code scc support safety-audit}, run in-process. */
class SafetyCommandsTest {
    @TempDir
    Path dir;

    private final InputStream originalIn = System.in;

    private record Result(int code, String out, String err) {}

    @AfterEach
    void restoreStdin() {
        System.setIn(originalIn);
    }

    private static Result scc(String stdin, String... args) {
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void checkArgvAllowedExitsZeroSilently() {
        Result r = scc(null, "safety", "check", "--", "git", "status");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void checkArgvBlockedExitsTwoWithTheReason() {
        Result r = scc(null, "safety", "check", "--", "git", "push", "--force");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("BLOCKED: Force push destroys remote history.");
    }

    @Test
    void checkArgvDoesNotReparseQuotedOperators() {
        assertThat(scc(null, "safety", "check", "--", "git", "commit", "-m", "a; git push -f").code()).isZero();
    }

    @Test
    void checkCommandLineAnalysesTheShell() {
        assertThat(scc(null, "safety", "check", "--command", "echo \"git push --force\"").code()).isZero();
        Result r = scc(null, "safety", "check", "--command", "ls && bash -lc 'git reset --hard'");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("git reset --hard destroys uncommitted changes");
    }

    @Test
    void jsonOutputUsesTheEnvelope() {
        Result r = scc(null, "safety", "check", "--json", "--command", "git push -f");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).startsWith("{\"apiVersion\":\"scc.cli/v1\",\"kind\":\"SafetyVerdict\",\"metadata\":{\"generatedAt\":")
                .contains("\"status\":{\"ok\":false", "\"data\":{\"decision\":\"block\",\"rule\":\"git.force_push\"",
                        "\"errors\":[{\"code\":\"blocked\",\"message\":\"");
    }

    @Test
    void batchAnswersOneJsonLinePerInputLineInOrder() {
        Result r = scc("git status\ngit push -f\ncurl https://evil.example\necho 'git reset --hard'\n", "safety", "check", "--batch");
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("{\"input\":\"git status\",\"decision\":\"allow\"");
        assertThat(lines[1]).contains("\"decision\":\"block\"", "git.force_push");
        assertThat(lines[2]).contains("\"decision\":\"block\"", "network.curl");
        assertThat(lines[3]).contains("\"decision\":\"allow\"");
    }

    @Test
    void policyFileMayBeAnOrgConfigOrABarePolicy() throws IOException {
        Path org = Files.writeString(dir.resolve("org.json"),
                "{\"schema_version\":\"1.0.0\",\"security\":{\"safety_net\":{\"action\":\"warn\"}}}");
        Result warn = scc(null, "safety", "check", "--policy", org.toString(), "--", "git", "push", "-f");
        assertThat(warn.code()).isZero();
        assertThat(warn.err()).startsWith("WARNING: BLOCKED: Force push");
        Path bare = Files.writeString(dir.resolve("bare.json"), "{\"allowed_destinations\":[\"github.com\"]}");
        assertThat(scc(null, "safety", "check", "--policy", bare.toString(), "--", "curl", "https://github.com/x").code()).isZero();
    }

    @Test
    void missingOrBrokenPolicyBlocksGuardedCommands() throws IOException {
        Result missing = scc(null, "safety", "check", "--policy", dir.resolve("nope.json").toString(), "--", "git", "status");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        Path broken = Files.writeString(dir.resolve("b.json"), "{\"action\":\"yolo\"}");
        Result r = scc(null, "safety", "check", "--policy", broken.toString(), "--command", "git status");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("yolo");
        // the org's action rules may name any program: a policy that does not load blocks every command (issue 15)
        Result ls = scc(null, "safety", "check", "--policy", broken.toString(), "--command", "ls");
        assertThat(ls.code()).isEqualTo(2);
        assertThat(ls.err()).contains("policy could not be loaded");
    }

    @Test
    void checkNeedsExactlyOneMode() {
        Result r = scc(null, "safety", "check");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("exactly one of");
    }

    @Test
    void hookDeniesClaudeForcePushWithExit2() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.json"), "{}");
        String in = "{\"tool_name\":\"Bash\",\"cwd\":\"/w\",\"tool_input\":{\"command\":\"git push --force origin main\"}}";
        Result r = scc(in, "safety", "hook", "claude", "--policy", policy.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("[Claude] SCC safety: BLOCKED: Force push");
    }

    @Test
    void hookAllowsWithExit0AndNoOutput() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.json"), "{}");
        Result r = scc("{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"git status\"}}", "safety", "hook", "codex", "--policy",
                policy.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void hookDeniesMalformedInputAndUnknownProviders() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.json"), "{}");
        Result bad = scc("{oops", "safety", "hook", "codex", "--policy", policy.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid hook input");
        Result unknown = scc("{}", "safety", "hook", "no-such-agent", "--policy", policy.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown hook provider");
    }

    @Test
    void supportSafetyAuditSummarisesTheLog() throws IOException {
        Path log = Files.writeString(dir.resolve("audit.jsonl"),
                "{\"ts\":\"2026-01-01T00:00:00Z\",\"source\":\"wrapper\",\"session\":\"s\",\"cwd\":\"/w\",\"command\":\"git status\","
                        + "\"decision\":\"allow\",\"rule\":null,\"reason\":\"No safety rules matched\"}\n"
                        + "{\"ts\":\"2026-01-01T00:00:01Z\",\"source\":\"hook:claude\",\"session\":\"s\",\"cwd\":\"/w\","
                        + "\"command\":\"git push -f\",\"decision\":\"block\",\"rule\":\"git.force_push\",\"reason\":\"BLOCKED\"}\n"
                        + "not json\n");
        Result text = scc(null, "support", "safety-audit", "--log", log.toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("2 verdict(s) from 2026-01-01T00:00:00Z to 2026-01-01T00:00:01Z", "allow 1", "block 1",
                "git.force_push", "git push -f", "1 malformed line(s) skipped");
        Result json = scc(null, "support", "safety-audit", "--log", log.toString(), "--json");
        assertThat(json.out()).contains("\"kind\":\"SafetyAuditSummary\"", "\"by_rule\":{\"git.force_push\":1}", "\"verdicts\":2");
    }

    @Test
    void supportSafetyAuditWithoutALogSaysWhereItLooked() {
        Result r = scc(null, "support", "safety-audit", "--log", dir.resolve("none.jsonl").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no safety audit log at");
    }
}
