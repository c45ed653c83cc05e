package dev.scc.safety.hook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.evaluator.Evaluator;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The Claude and Codex PreToolUse and Gemini BeforeTool adaptor: allow is silent exit 0, every deny and every error is exit 2 with a reason. */
class HookAdaptorTest {
    // The formats a sandbox without a formats file uses: what the adaptor judged before formats were declared.
    private static final HookAdaptor.Format CLAUDE = HookFormats.fallback("claude").orElseThrow();
    private static final HookAdaptor.Format CODEX = HookFormats.fallback("codex").orElseThrow();
    /** Gemini CLI's format as GeminiProvider declares it (the module is not a dependency of the engine). */
    private static final HookAdaptor.Format GEMINI = new HookAdaptor.Format("gemini", "Gemini", java.util.List.of("run_shell_command"));
    private static final HookAdaptor HOOK = new HookAdaptor(Evaluator.of(new SafetyEngine(SafetyPolicy.defaults("t"))));

    /** A hook payload sample from {@code src/test/resources/hook-samples} (see its notice); missing is a failure. */
    private static String sample(String name) throws IOException {
        try (var in = HookAdaptorTest.class.getResourceAsStream("/hook-samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test fixture hook-samples/" + name + " is missing from src/test/resources");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String bash(String command) {
        return "{\"session_id\":\"s\",\"cwd\":\"/w\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":"
                + dev.scc.safety.internal.json.MiniJson.quote(command) + "},\"tool_use_id\":\"t\",\"new_field\":{\"x\":[1]}}";
    }

    @Test
    void claudeSampleForcePushIsDeniedWithExit2AndReason() throws IOException {
        String in = sample("claude.pretooluse.input.bash.json");
        HookAdaptor.Result r = HOOK.handle(CLAUDE, in);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("[Claude] SCC safety: BLOCKED: Force push").contains("rule: git.force_push");
    }

    @Test
    void codexSampleForcePushIsDeniedWithExit2AndReason() throws IOException {
        String in = sample("codex.pretooluse.input.bash.json");
        HookAdaptor.Result r = HOOK.handle(CODEX, in);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("[Codex] SCC safety: BLOCKED").isNotBlank();
    }

    @Test
    void geminiBeforeToolSampleForcePushIsDeniedWithExit2AndANonJsonReason() throws IOException {
        String in = sample("gemini.beforetool.input.shell.json");
        HookAdaptor.Result r = HOOK.handle(GEMINI, in);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        // Gemini parses a hook's stderr as JSON first: a deny reason must not be JSON, or it would be read as output.
        assertThat(r.stderr()).startsWith("[Gemini] SCC safety: BLOCKED").doesNotStartWith("{");
    }

    @Test
    void geminiRunsTheCommandInItsDirPathSoTheEngineJudgesItThere() {
        java.util.List<String> cwds = new java.util.ArrayList<>();
        Evaluator recording = new Evaluator(new SafetyEngine(SafetyPolicy.defaults("t")), dev.scc.safety.approval.ApprovalGate.NONE,
                (source, session, cwd, command, verdict) -> cwds.add(source + " " + cwd), "s");
        HookAdaptor h = new HookAdaptor(recording);
        String in = "{\"cwd\":\"/workspace\",\"hook_event_name\":\"BeforeTool\",\"tool_name\":\"run_shell_command\","
                + "\"tool_input\":{\"command\":\"git status\",\"dir_path\":\"sub/dir\"}}";
        assertThat(h.handle(GEMINI, in).exitCode()).isZero();
        assertThat(h.handle(GEMINI, in.replace("sub/dir", "/elsewhere")).exitCode()).isZero();
        assertThat(cwds).containsExactly("hook:gemini /workspace/sub/dir", "hook:gemini /elsewhere");
    }

    @Test
    void allowedCommandIsExit0WithEmptyStdout() {
        HookAdaptor.Result r = HOOK.handle(CODEX, bash("git status && ls"));
        assertThat(r).isEqualTo(new HookAdaptor.Result(0, "", ""));
    }

    @Test
    void nonShellToolsAreAllowed() {
        HookAdaptor.Result r = HOOK.handle(CLAUDE,
                "{\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"/w/x\",\"content\":\"git push -f\"}}");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void malformedJsonIsADenyWithAReason() {
        for (String bad : new String[] {"", "{", "not json", "[]", "{\"tool_name\":7}", "{\"tool_name\":\"Bash\"}",
                "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":42}}", "{\"tool_name\":\"Bash\",\"tool_input\":\"git push -f\"}"}) {
            for (HookAdaptor.Format p : List.of(CLAUDE, CODEX)) {
                HookAdaptor.Result r = HOOK.handle(p, bad);
                assertThat(r.exitCode()).as(bad).isEqualTo(2);
                assertThat(r.stderr()).as(bad).contains("invalid hook input");
            }
        }
    }

    @Test
    void brokenPolicyDeniesGuardedCommandsInTheHook() {
        HookAdaptor h = new HookAdaptor(Evaluator.of(new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":1}", "p"))));
        HookAdaptor.Result r = h.handle(CLAUDE, bash("git status"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("policy");
    }

    @Test
    void warnPolicyRunsTheCommandAndSaysWhy() {
        HookAdaptor h = new HookAdaptor(Evaluator.of(new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":\"warn\"}", "p"))));
        HookAdaptor.Result r = h.handle(CLAUDE, bash("git reset --hard"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("WARNING");
    }

    @Test
    void argvListCommandIsJudgedToo() {
        HookAdaptor.Result r = HOOK.handle(CODEX,
                "{\"tool_name\":\"shell\",\"tool_input\":{\"command\":[\"git\",\"push\",\"--force\"]}}");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Property(tries = 500)
    void anyInputGivesAllowOrADenyWithAReason(@ForAll String junk) {
        HookAdaptor.Result r = HOOK.handle(CLAUDE, junk);
        assertThat(r.exitCode()).isIn(0, 2);
        if (r.exitCode() == 2) {
            assertThat(r.stderr()).isNotBlank();
        }
    }
}
