package dev.scc.safety.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.evaluator.Evaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook formats SCC writes into a sandbox from the provider modules, and how the engine reads them. */
class HookFormatsTest {
    private static final HookAdaptor HOOK = new HookAdaptor(Evaluator.of(new SafetyEngine(SafetyPolicy.defaults("t"))));
    private static final HookAdaptor.Format SCRIPTED = new HookAdaptor.Format("scripted", "Scripted",
            List.of("run_shell_command"));

    private static String call(String tool, String command) {
        return "{\"cwd\":\"/w\",\"tool_name\":\"" + tool + "\",\"tool_input\":{\"command\":"
                + dev.scc.safety.internal.json.MiniJson.quote(command) + "}}";
    }

    @Test
    void aDeclaredShellToolIsJudgedUnderItsLabelAndOtherToolsAreAllowed() throws IOException {
        HookFormats formats = HookFormats.parse(HookFormats.render(List.of(SCRIPTED)), "hook-formats.json");
        HookAdaptor.Format f = formats.find("scripted").orElseThrow();

        HookAdaptor.Result denied = HOOK.handle(f, call("run_shell_command", "git push --force origin main"));
        assertThat(denied.exitCode()).isEqualTo(2);
        assertThat(denied.stderr()).startsWith("[Scripted] SCC safety: ");
        // Bash is not a shell tool of this agent: its command is not judged.
        assertThat(HOOK.handle(f, call("Bash", "git push --force origin main")).exitCode()).isZero();
    }

    @Test
    void anIdTheSandboxDoesNotDeclareIsBlocked() throws IOException {
        HookFormats formats = HookFormats.parse(HookFormats.render(List.of(SCRIPTED)), "hook-formats.json");
        assertThat(formats.find("other")).isEmpty();
    }

    @Test
    void withoutAFormatsFileAWellFormedIdGetsThePreviouslyKnownShellTools(@TempDir Path dir) throws IOException {
        HookFormats formats = HookFormats.load(dir.resolve("absent.json"));
        assertThat(formats.find("codex")).get().satisfies(f -> {
            assertThat(f.label()).isEqualTo("Codex");
            assertThat(f.shellTools()).containsExactlyElementsOf(HookAdaptor.Format.KNOWN_SHELL_TOOLS);
        });
        assertThat(formats.find("Not An Id")).isEmpty();
    }

    @Test
    void aMalformedFormatsFileIsAnErrorNamingTheFileAndTheKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("hook-formats.json"), "{\"claude\": {\"label\": 3}}");
        assertThatThrownBy(() -> HookFormats.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("$.claude");
        assertThat(HookFormats.refusingAll().find("claude")).isEmpty();
    }

    @Provide
    Arbitrary<String> toolNames() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20)
                .injectDuplicates(0.1).edgeCases(c -> c.add("\"\\"));
    }

    @Property(tries = 200)
    void renderedFormatsParseBackUnchanged(@ForAll("toolNames") String label, @ForAll("toolNames") String tool)
            throws IOException {
        HookAdaptor.Format f = new HookAdaptor.Format("agent-1", label, List.of(tool, "shell"));
        assertThat(HookFormats.parse(HookFormats.render(List.of(f)), "x").find("agent-1")).contains(f);
    }
}
