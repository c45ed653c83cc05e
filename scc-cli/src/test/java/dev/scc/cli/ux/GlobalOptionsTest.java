package dev.scc.cli.ux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.commands.setup.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalOptionsTest {
    @TempDir Path home;

    @Test
    void globalOptionsAreAcceptedBeforeAndAfterTheSubcommand() {
        assertThat(Cli.run(home, "--no-color", "--verbose", "provider", "show").exit()).isZero();
        assertThat(Cli.run(home, "provider", "show", "--no-color", "--verbose").exit()).isZero();
        assertThat(Cli.run(home, "--help").out()).contains("--no-color", "--verbose");
    }

    @Test
    void withoutATerminalHelpHasNoAnsiEscapes() {
        Cli r = Cli.run(home, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("\u001b[");
    }

    @Test
    void verboseSetsTheSlf4jSimpleLevelUnlessTheUserChoseOne() {
        String before = System.getProperty(Logging.LEVEL);
        try {
            System.clearProperty(Logging.LEVEL);
            Logging.configure(true);
            assertThat(System.getProperty(Logging.LEVEL)).isEqualTo("debug");
            System.clearProperty(Logging.LEVEL);
            Logging.configure(false);
            assertThat(System.getProperty(Logging.LEVEL)).isEqualTo("warn");
            System.setProperty(Logging.LEVEL, "trace");
            Logging.configure(false);
            assertThat(System.getProperty(Logging.LEVEL)).isEqualTo("trace");
        } finally {
            if (before == null) {
                System.clearProperty(Logging.LEVEL);
            } else {
                System.setProperty(Logging.LEVEL, before);
            }
        }
    }
}
