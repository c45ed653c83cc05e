package dev.scc.safety.internal.shell;

import java.util.List;
import java.util.Optional;

/**
 * A simple command found anywhere in a script (top level, in a subshell, in a substitution, in a
 * heredoc body...). {@code stdinText} is a here-document or here-string fed to it, and
 * {@code pipedFrom} the command whose output is piped into it, if any.
 */
public record SimpleCommand(List<Word> words, Optional<String> stdinText, Optional<SimpleCommand> pipedFrom) {
    public SimpleCommand {
        words = List.copyOf(words);
    }
}
