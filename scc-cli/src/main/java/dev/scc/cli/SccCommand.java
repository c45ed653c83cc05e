package dev.scc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root {@code scc} command. Subcommands are registered in {@link #SUBCOMMANDS}, one class each; command
 * classes stay light (no Jackson or docker-java types in fields) so {@code --help} starts fast.
 */
@Command(
        name = "scc",
        mixinStandardHelpOptions = true,
        versionProvider = SccCommand.Version.class,
        description = "A governed runtime for AI coding agents.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:not found (org file, team, session, image)",
            "2:usage error; a risky default not confirmed (scc safety check: blocked)",
            "3:configuration error",
            "4:tool error; a live session already on the workspace",
            "5:missing prerequisite (Docker engine)",
            "6:governance: blocked, denied or not allowed",
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

    /**
     * Every top-level subcommand, in the order help lists them: grouped by the user's journey ({@link #GROUPS}). Picocli reflects a command class (options,
     * fields, nested subcommands) when it is added, which costs more than the JVM start itself for all of them;
     * {@link #commandLineFor} therefore builds only the ones a command line needs and lists the others by name.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            // Get started
            dev.scc.cli.commands.setup.SetupCommand.class,
            dev.scc.cli.commands.runtime.StartCommand.class,
            dev.scc.cli.commands.runtime.DoctorCommand.class,
            dev.scc.cli.commands.runtime.ImageCommand.class,
            // Day to day
            dev.scc.cli.commands.runtime.SessionsCommand.class,
            dev.scc.cli.commands.runtime.StopCommand.class,
            dev.scc.cli.commands.runtime.WorktreeCommand.class,
            dev.scc.cli.commands.runtime.NetworkCommand.class,
            dev.scc.cli.commands.runtime.PruneCommand.class,
            dev.scc.cli.commands.runtime.CheckpointCommand.class,
            dev.scc.cli.commands.runtime.CheckpointsCommand.class,
            dev.scc.cli.commands.runtime.RestoreCommand.class,
            dev.scc.cli.commands.runtime.ReviewCommand.class,
            dev.scc.cli.commands.provider.ProviderCommand.class,
            dev.scc.cli.commands.team.TeamCommand.class,
            // Policy
            dev.scc.cli.commands.config.ConfigCommand.class,
            dev.scc.cli.commands.org.OrgCommand.class,
            dev.scc.cli.commands.policy.PolicyCommand.class,
            dev.scc.cli.commands.render.RenderCommand.class,
            dev.scc.cli.commands.config.UnblockCommand.class,
            dev.scc.cli.commands.exceptions.ExceptionsCommand.class,
            // Safety and audit
            dev.scc.cli.commands.approval.ApprovalsCommand.class,
            dev.scc.cli.commands.approval.ApproveCommand.class,
            dev.scc.cli.commands.approval.DenyCommand.class,
            dev.scc.cli.commands.audit.AuditCommand.class,
            dev.scc.cli.commands.safety.SafetyCommand.class,
            dev.scc.cli.commands.safety.SupportCommand.class,
            // Shell and this tool
            dev.scc.cli.ux.HelpCommand.class,
            dev.scc.cli.commands.completion.CompletionCommand.class,
            dev.scc.cli.commands.server.ServerCommand.class);

    /** The root help's groups, in the order a user meets them: the first command of each group starts it. */
    static final java.util.Map<String, String> GROUPS = new java.util.LinkedHashMap<>();

    static {
        GROUPS.put("setup", "Get started");
        GROUPS.put("sessions", "Day to day");
        GROUPS.put("config", "Policy");
        GROUPS.put("approvals", "Safety and audit");
        GROUPS.put("help", "Shell and this tool");
    }

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

    /** Builds the whole command line with SCC's writers, exit-code mapping and error reporting. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CliServices.system());
    }

    /** Builds the whole command line around the given services (the composition root; tests pass their own). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CliServices services) {
        return build(out, err, services, cls -> true);
    }

    /**
     * Builds the command line that {@code args} needs: the subcommand they name is complete, every other one is a
     * stub with its name, aliases and description, so help, suggestions and errors read exactly as with the whole
     * tree ({@code LazyCommandTreeTest} holds the two to the same output).
     */
    public static CommandLine commandLineFor(PrintWriter out, PrintWriter err, CliServices services, String... args) {
        Set<String> needed = neededSubcommands(args);
        return build(out, err, services, cls -> needed == null || names(command(cls)).stream().anyMatch(needed::contains));
    }

    private static CommandLine build(PrintWriter out, PrintWriter err, CliServices services,
            java.util.function.Predicate<Class<?>> complete) {
        CommandLine cl = new CommandLine(new SccCommand(services), new ServicesFactory(services));
        for (Class<?> cls : SUBCOMMANDS) {
            if (complete.test(cls)) {
                cl.addSubcommand(cls);
            } else {
                cl.addSubcommand(stub(command(cls)));
            }
        }
        // Relative paths on the command line mean the invocation's working directory, which for the resident
        // server is not the JVM's; registered after the subcommands so it reaches all of them.
        cl.registerConverter(Path.class, s -> services.workingDir().resolve(s));
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, SccCommand::groupedCommands);
        ErrorReporter reporter = new ErrorReporter(services.env(), services.clock());
        cl.setExecutionExceptionHandler(reporter);
        cl.setExitCodeExceptionMapper(reporter);
        cl.setParameterExceptionHandler(ErrorReporter::onParameterException);
        cl.setExecutionStrategy(new dev.scc.cli.ux.GlobalOptions(services)::execute);
        return cl;
    }

    /**
     * The subcommand names {@code args} reach, or {@code null} for all of them. Only the root's own flags can come
     * before a subcommand's name (none takes a value), so the first word that is not an option names it; {@code
     * help NAME} needs NAME; {@code completion} describes the whole tree; no name at all launches ({@code start}).
     */
    static Set<String> neededSubcommands(String... args) {
        List<String> words = new ArrayList<>();
        boolean helpOrVersion = false;
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            } else if (a.startsWith("-")) {
                helpOrVersion |= a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version");
            } else {
                words.add(a);
                if (words.size() == 2) {
                    break;
                }
            }
        }
        if (words.isEmpty()) {
            return helpOrVersion ? Set.of() : Set.of("start");
        }
        String first = words.get(0);
        if (first.equals("completion")) {
            return null;
        }
        return first.equals("help") && words.size() > 1 ? Set.of(first, words.get(1)) : Set.of(first);
    }

    private static Command command(Class<?> cls) {
        Command c = cls.getAnnotation(Command.class);
        if (c == null) {
            throw new IllegalStateException(cls.getName() + " is listed as a subcommand but has no @Command");
        }
        return c;
    }

    private static List<String> names(Command c) {
        List<String> names = new ArrayList<>(List.of(c.aliases()));
        names.add(0, c.name());
        return names;
    }

    /** A subcommand as the root's usage lists it, without reflecting its class. */
    private static CommandSpec stub(Command c) {
        CommandSpec stub = CommandSpec.create().name(c.name()).aliases(c.aliases());
        stub.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
        return stub;
    }

    /** The root's command list under the headings of {@link #GROUPS}; a subcommand's list as picocli renders it. */
    static String groupedCommands(CommandLine.Help help) {
        if (help.commandSpec().parent() != null) {
            return help.commandList();
        }
        StringBuilder b = new StringBuilder();
        java.util.Map<String, CommandLine.Help> subs = help.subcommands();
        java.util.Map<String, CommandLine.Help> group = new java.util.LinkedHashMap<>();
        String heading = null;
        for (java.util.Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
            String starts = GROUPS.get(e.getValue().commandSpec().name());
            if (starts != null) {
                if (heading != null) {
                    b.append(heading).append(":%n".formatted()).append(help.commandList(group));
                }
                heading = starts;
                group = new java.util.LinkedHashMap<>();
            }
            group.put(e.getKey(), e.getValue());
        }
        if (heading != null) {
            b.append(heading).append(":%n".formatted()).append(help.commandList(group));
        }
        return b.toString();
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
                var constructor = cls.getDeclaredConstructor(CliServices.class);
                constructor.setAccessible(true); // nested subcommand classes are package-private
                return constructor.newInstance(services);
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
