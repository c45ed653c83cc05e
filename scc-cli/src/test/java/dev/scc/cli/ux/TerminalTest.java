package dev.scc.cli.ux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void aConsoleWithoutVetoesIsInteractiveAndColoured() {
        Terminal t = Terminal.detect(Map.of("TERM", "xterm"), true, false);
        assertThat(t.interactive()).isTrue();
        assertThat(t.bold("x")).isEqualTo("\u001b[1mx\u001b[0m");
    }

    @Test
    void noColorWithAnyNonEmptyValueTurnsColourOffButStaysInteractive() {
        Terminal t = Terminal.detect(Map.of("NO_COLOR", "1"), true, false);
        assertThat(t).isEqualTo(new Terminal(true, false));
        assertThat(t.good("ok")).isEqualTo("ok");
    }

    @Test
    void emptyNoColorIsIgnoredAsNoColorOrgSays() {
        assertThat(Terminal.detect(Map.of("NO_COLOR", ""), true, false).color()).isTrue();
    }

    @Test
    void theFlagAndADumbTerminalTurnColourOff() {
        assertThat(Terminal.detect(Map.of(), true, true).color()).isFalse();
        assertThat(Terminal.detect(Map.of("TERM", "dumb"), true, false).color()).isFalse();
    }

    @Test
    void withoutAConsoleNothingIsStyledAndNothingPrompts() {
        Terminal t = Terminal.detect(Map.of("TERM", "xterm"), false, false);
        assertThat(t).isEqualTo(Terminal.PLAIN);
        assertThat(t.bad("x") + t.warn("y")).isEqualTo("xy").doesNotContain("\u001b");
    }
}
