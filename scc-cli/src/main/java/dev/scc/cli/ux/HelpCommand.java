package dev.scc.cli.ux;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code scc help [COMMAND [SUBCOMMAND...]]}: the usage of any command in the tree, so {@code scc help config explain}
 * shows what {@code scc config explain --help} shows (picocli's own help command stops at the first word).
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command: scc help config explain.")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and subcommands to show help for.")
    List<String> commands = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
            PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : commands) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(target, "Unknown subcommand '" + String.join(" ", commands)
                        + "'.", null, name);
            }
            target = sub;
        }
        target.usage(out, colorScheme);
        out.flush();
    }
}
