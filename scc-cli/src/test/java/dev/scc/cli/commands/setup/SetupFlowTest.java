package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.cli.CliServices;
import dev.scc.cli.ux.PromptCancelledException;
import dev.scc.cli.ux.Prompter;
import dev.scc.cli.ux.Terminal;
import dev.scc.core.model.UserConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive path of setup, with typed answers instead of a terminal. */
class SetupFlowTest {
    private static final SetupFlow.Flags NO_FLAGS = new SetupFlow.Flags(Optional.empty(), Optional.empty(), Optional.empty(), false);

    @TempDir Path home;
    private Path org;
    private final StringWriter shown = new StringWriter();

    @BeforeEach
    void org() throws IOException {
        org = Cli.writeOrg(home);
    }

    private SetupFlow.Choices answer(String typed, SetupFlow.Flags flags, UserConfig current) {
        Prompter p = new Prompter(new BufferedReader(new StringReader(typed)), new PrintWriter(shown, true), Terminal.PLAIN);
        return new SetupFlow(new CliServices(Map.of(), home, Cli.CLOCK), Optional.of(p), home).decide(flags, current);
    }

    @Test
    void aFirstTimeUserIsAskedForOrgTeamAndProviderWithBadAnswersAskedAgain() {
        SetupFlow.Choices c = answer("\nmissing.yaml\norg.yaml\nops\n1\ncodex\n", NO_FLAGS, UserConfig.NONE);
        assertThat(c.org()).contains(new OrgSource.LocalFile(org));
        assertThat(c.team()).contains("backend");
        assertThat(c.provider()).isEqualTo("codex");
        assertThat(shown.toString()).contains(
                "How will you use SCC?\n  1) organization  connect your organization's config",
                "Choose [organization]: ",
                "org config file not found: " + home.resolve("missing.yaml") + "; try again.",
                "Which team are you on?\n  1) backend  Java services\n  2) frontend  Web apps\n",
                "'ops' is not one of: backend, frontend; try again.",
                "Which coding agent do you want by default?\n  1) claude\n  2) codex\n  3) ask  choose at each start\n",
                "Choose [ask]: ");
    }

    @Test
    void defaultsAreTheCurrentSettings() {
        UserConfig current = new UserConfig(Optional.of(org.toString()), Optional.of("frontend"), Optional.of("claude"), false,
                Map.of(), Optional.empty(), Optional.empty());
        SetupFlow.Choices c = answer("\n\n\n", NO_FLAGS, current);
        assertThat(c.team()).contains("frontend");
        assertThat(c.provider()).isEqualTo("claude");
        assertThat(shown.toString()).contains("Choose [organization]: ", "Organization config (file path or URL) [" + org + "]: ",
                "Choose [frontend]: ").doesNotContain("Which coding agent"); // frontend allows only claude: nothing to ask
    }

    @Test
    void aFlagIsNotAskedAgain() {
        SetupFlow.Choices c = answer("1\n", new SetupFlow.Flags(Optional.of(org.toString()), Optional.empty(), Optional.of("codex"),
                false), UserConfig.NONE);
        assertThat(c.team()).contains("backend");
        assertThat(c.provider()).isEqualTo("codex");
        assertThat(shown.toString()).contains("Which team are you on?")
                .doesNotContain("How will you use SCC?", "Organization config", "Which coding agent");
    }

    @Test
    void anInvalidOrgFileIsExplainedAndAskedAgain() throws IOException {
        Path bad = home.resolve("bad.json");
        java.nio.file.Files.writeString(bad, "{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"A\",\"id\":\"a\"},\"surprise\":1}");
        answer("1\nbad.json\norg.yaml\n1\n1\n", NO_FLAGS, UserConfig.NONE);
        assertThat(shown.toString()).contains(bad + " is not a valid org config: ", "surprise");
    }

    @Test
    void endOfInputCancels() {
        assertThatThrownBy(() -> answer("1\n", NO_FLAGS, UserConfig.NONE)).isInstanceOf(PromptCancelledException.class);
    }
}
