package dev.scc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root {@code scc} command. Subcommands are registered here, one class each; command classes stay
 * light (no Jackson or docker-java types in fields) so {@code --help} starts fast.
 */
@Command(
        name = "scc",
        mixinStandardHelpOptions = true,
        versionProvider = SccCommand.Version.class,
        description = "A governed runtime for AI coding agents (Claude Code, Codex).",
        subcommands = {
            CommandLine.HelpCommand.class,
            dev.scc.cli.commands.config.ConfigCommand.class,
            dev.scc.cli.commands.config.UnblockCommand.class,
            dev.scc.cli.commands.audit.AuditCommand.class,
            dev.scc.cli.commands.approval.ApprovalsCommand.class,
            dev.scc.cli.commands.approval.ApproveCommand.class,
            dev.scc.cli.commands.approval.DenyCommand.class,
            dev.scc.cli.commands.org.OrgCommand.class,
            dev.scc.cli.commands.exceptions.ExceptionsCommand.class,
            dev.scc.cli.commands.safety.SafetyCommand.class,
            dev.scc.cli.commands.safety.SupportCommand.class,
            dev.scc.cli.commands.render.RenderCommand.class,
            dev.scc.cli.commands.runtime.StartCommand.class,
            dev.scc.cli.commands.runtime.SessionsCommand.class,
            dev.scc.cli.commands.runtime.StopCommand.class,
            dev.scc.cli.commands.runtime.PruneCommand.class,
            dev.scc.cli.commands.runtime.NetworkCommand.class,
            dev.scc.cli.commands.runtime.WorktreeCommand.class,
            dev.scc.cli.commands.runtime.DoctorCommand.class,
            dev.scc.cli.commands.runtime.ImageCommand.class,
            dev.scc.cli.commands.setup.SetupCommand.class,
            dev.scc.cli.commands.provider.ProviderCommand.class,
            dev.scc.cli.commands.team.TeamCommand.class,
            dev.scc.cli.commands.completion.CompletionCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:not found",
            "2:usage error (scc safety check: blocked)",
            "3:configuration error",
            "4:tool error",
            "5:missing prerequisite",
            "6:governance: an item is blocked or denied",
            "130:cancelled"
        })
public final class SccCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    // Global: accepted on every subcommand; applied by dev.scc.cli.ux.GlobalOptions before any command runs.
    @CommandLine.Option(names = dev.scc.cli.ux.GlobalOptions.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Log what scc does (debug level) on stderr.")
    boolean verbose;

    @CommandLine.Option(names = dev.scc.cli.ux.GlobalOptions.NO_COLOR, scope = CommandLine.ScopeType.INHERIT,
            description = "No ANSI colors (also when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    private final CliServices services;

    SccCommand(CliServices services) {
        this.services = services;
    }

    /**
     * {@code scc} alone: once set up, launch or resume the sandboxed agent for the workspace (the git root of the
     * current directory), exactly as {@code scc start} would; before setup, say how to begin.
     */
    @Override
    public Integer call() {
        var user = services.policyLoader().loadUser(services.dirs().userConfigFile());
        if (user.organizationSource().isEmpty() && !user.standalone()) {
            spec.commandLine().getOut().println("scc is not set up yet: run 'scc setup' to connect your org (or choose "
                    + "standalone mode), then just 'scc'.");
            spec.commandLine().getOut().println();
            spec.commandLine().usage(spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        return spec.commandLine().getSubcommands().get("start").execute("--launch-or-resume");
    }

    /** Builds the command line with SCC's writers, exit-code mapping and error reporting. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CliServices.system());
    }

    /** Builds the command line around the given services (the composition root; tests pass their own). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CliServices services) {
        CommandLine cl = new CommandLine(new SccCommand(services), new ServicesFactory(services));
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler(ErrorReporter::onParameterException);
        cl.setExecutionStrategy(new dev.scc.cli.ux.GlobalOptions(services)::execute);
        return cl;
    }

    /** Gives commands that take {@link CliServices} in their constructor the shared instance. */
    static final class ServicesFactory implements CommandLine.IFactory {
        private final CliServices services;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ServicesFactory(CliServices services) {
            this.services = services;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliServices.class).newInstance(services);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SccCommand.class.getPackage().getImplementationVersion();
            return new String[] {"scc " + (v == null ? "dev" : v)};
        }
    }
}
