package dev.scc.cli.ux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrompterTest {
    private final StringWriter shown = new StringWriter();

    private Prompter answering(String input) {
        return new Prompter(new BufferedReader(new StringReader(input)), new PrintWriter(shown, true), Terminal.PLAIN);
    }

    @Test
    void anEmptyAnswerTakesTheDefaultShownInBrackets() {
        assertThat(answering("\n").text("Team", Optional.of("backend"))).isEqualTo("backend");
        assertThat(shown.toString()).isEqualTo("Team [backend]: ");
    }

    @Test
    void aBlankAnswerWithoutDefaultIsAskedAgain() {
        assertThat(answering("  \nops\n").text("Team", Optional.empty())).isEqualTo("ops");
        assertThat(shown.toString()).containsOnlyOnce("Team: an answer is required; try again.");
    }

    @Test
    void choiceAcceptsNameOrNumberAndReasksOnAnythingElse() {
        String picked = answering("9\nnope\n2\n").choose("Which?", List.of("a", "b"), List.of("first", ""), Optional.empty());
        assertThat(picked).isEqualTo("b");
        assertThat(shown.toString()).contains("Which?\n  1) a  first\n  2) b\n", "'9' is not one of: a, b; try again.",
                "'nope' is not one of: a, b; try again.");
    }

    @Test
    void aValidatorReasonIsShownBeforeAskingAgain() {
        String s = answering("x\ny\n").text("Path", Optional.empty(), a -> a.equals("x") ? Optional.of("x is bad") : Optional.empty());
        assertThat(s).isEqualTo("y");
        assertThat(shown.toString()).contains("x is bad; try again.");
    }

    @Test
    void confirmDefaultsAndUnderstandsYesAndNo() {
        assertThat(answering("\n").confirm("Save?", true)).isTrue();
        assertThat(answering("maybe\nN\n").confirm("Save?", true)).isFalse();
        assertThat(shown.toString()).contains("Save? [Y/n] ", "Please answer y or n.");
    }

    @Test
    void endOfInputCancelsWithExitCode130() {
        assertThatThrownBy(() -> answering("").text("Team", Optional.of("x")))
                .isInstanceOf(PromptCancelledException.class)
                .satisfies(e -> assertThat(dev.scc.cli.ExitCodes.of(e)).isEqualTo(130));
    }
}
