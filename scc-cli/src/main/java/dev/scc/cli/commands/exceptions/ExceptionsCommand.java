package dev.scc.cli.commands.exceptions;

import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.ExceptionStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code scc exceptions}: local overrides in the user store ({@code $XDG_CONFIG_HOME/scc/exceptions.json})
 * and the repo store ({@code <repo>/.scc/exceptions.json}).
 */
@Command(name = "exceptions", description = {
        "Manage local policy exceptions (time-bounded overrides of delegation denials).",
        "Security blocks can never be lifted by an exception."},
        subcommands = {ExceptionsListCommand.class, ExceptionsCreateCommand.class, ExceptionsDeleteCommand.class,
                ExceptionsCleanupCommand.class})
public final class ExceptionsCommand implements Runnable {
    @Spec CommandSpec spec;

    private final dev.scc.cli.CliServices services;

    public ExceptionsCommand(dev.scc.cli.CliServices services) {
        this.services = services;
    }

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--repo", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Repository for the shared store (default: the git repository containing the current directory).")
    Path repo;

    @Option(names = "--config-home", scope = ScopeType.INHERIT, hidden = true, paramLabel = "DIR",
            description = "Use DIR instead of $XDG_CONFIG_HOME (tests, sandboxes).")
    Path configHome;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Clock clock() {
        return services.clock();
    }

    ExceptionStores stores() {
        Path config = configHome != null ? configHome : services.dirs().configHome();
        Optional<Path> root = repo != null ? Optional.of(repo.toAbsolutePath()) : ExceptionStore.findRepoRoot(services.workingDir());
        return ExceptionStores.of(config, root, clock());
    }
}
