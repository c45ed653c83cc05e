package dev.scc.cli.commands.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.commands.setup.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
    @TempDir Path home;

    @Test
    void helpNamesTheShellsAndHowToInstall() {
        Cli r = Cli.run(home, "completion", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: scc completion", "SHELL", "One of: bash, zsh, fish", "Examples:",
                "scc completion fish > ~/.config/fish/completions/scc.fish");
    }

    @Test
    void bashCompletesEveryTopLevelCommandAndNestedOnes() {
        Cli r = Cli.run(home, "completion", "bash");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F _complete_scc", "setup", "provider", "team", "completion",
                "function _picocli_scc_team_switch()", "--workspace");
    }

    @Test
    void zshLoadsBashcompinitFirst() {
        String s = Cli.run(home, "completion", "zsh").out();
        assertThat(s).startsWith("# zsh completion for scc").contains("bashcompinit", "complete -F _complete_scc");
    }

    @Test
    void fishHasOneLinePerSubcommandOptionAndCandidate() {
        String s = Cli.run(home, "completion", "fish").out();
        assertThat(s).startsWith("# fish completion for scc").contains(
                "complete -c scc -f -n '__fish_use_subcommand' -a 'setup' -d 'Connect your organization\\'s config",
                "complete -c scc -f -n '__fish_seen_subcommand_from team; and not __fish_seen_subcommand_from list switch' -a 'switch'",
                "complete -c scc -n '__fish_seen_subcommand_from team; and __fish_seen_subcommand_from switch' -l workspace -r -F",
                "complete -c scc -n '__fish_seen_subcommand_from provider; and __fish_seen_subcommand_from set' -r -f -a 'claude codex gemini ask'",
                "-a 'bash zsh fish'", "-s y -l yes");
    }

    @Test
    void fishDescriptionsAreTheFirstRealLine() {
        String s = Cli.run(home, "completion", "fish").out();
        assertThat(s).doesNotContain("%n").contains("-a 'help' -d 'Show the help of a command: scc help config explain.'");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        Cli r = Cli.run(home, "completion", "powershell");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for positional parameter at index 0 (SHELL)", "bash, zsh, fish");
    }

    @Test
    void quoteEscapesBackslashAndQuote() {
        assertThat(FishCompletion.quote("it's a\\b")).isEqualTo("'it\\'s a\\\\b'");
    }
}
