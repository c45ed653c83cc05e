package dev.scc.cli.commands.completion;

import dev.scc.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scc completion SHELL}: prints a completion script generated from the live command model, so it
 * always matches this version's commands and options. bash and zsh use picocli's generator (zsh through
 * {@code bashcompinit}); fish uses {@link FishCompletion}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for bash, zsh or fish.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(scc completion bash)                       # bash, this shell",
                "  scc completion bash > ~/.local/share/bash-completion/completions/scc",
                "  source <(scc completion zsh)                        # zsh (uses bashcompinit)",
                "  scc completion fish > ~/.config/fish/completions/scc.fish"})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells a script can be generated for. */
    public enum Shell { bash, zsh, fish }

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "One of: ${COMPLETION-CANDIDATES}")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String name = spec.root().name();
        String script = switch (shell) {
            case bash -> AutoComplete.bash(name, root);
            case zsh -> "# zsh completion for " + name + ": picocli's bash script through bashcompinit\n"
                    + "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash(name, root);
            case fish -> FishCompletion.generate(spec.root());
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
