package dev.scc.cli.commands.runtime;

import dev.scc.cli.output.OrgOption;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.GovernedSessions;
import dev.scc.app.governance.GovernanceRequest;
import dev.scc.app.launch.GovernedLaunch;
import dev.scc.app.launch.ModelEndpoint;
import dev.scc.app.launch.MarketplaceInstall;
import dev.scc.cli.output.JsonOutput;
import dev.scc.core.spi.RendererRegistry;
import java.util.Optional;

import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.Session;
import dev.scc.core.runtime.RuntimeBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc start}: launches (or with {@code --resume} resumes) a sandboxed agent session for a workspace.
 * With an org connected ({@code --org} or {@code scc setup}), everything comes from the one effective
 * configuration: provider allowed, posture, destinations, rendered native files, safety policy, limits, blocked
 * base images (see {@link GovernedLaunch}). Without one (standalone), flags describe the session and nothing is
 * governed; the command says so.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start (or resume) a sandboxed agent session for WORKSPACE (default: the git repository of the "
                + "current directory).",
        footerHeading = "%nExamples:%n",
        footer = {"  scc start                               the saved org, team and provider, this repository",
                "  scc start --dry-run --json              the plan and every refusal, nothing created",
                "  scc start --org org.yaml --team backend --provider codex ~/src/api",
                "  scc start --resume                      back into the workspace's session"})
public final class StartCommand implements java.util.concurrent.Callable<Integer> {
    /**
     * Created on first use, not with the command: the command tree is built before {@code --verbose} sets the log
     * level, and slf4j-simple reads it when its first logger is made.
     */
    private static final class Log {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StartCommand.class);
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--provider", description = "The agent, by the id of an installed provider (default: the user's "
            + "choice, else the only allowed one, else the installed default).")
    String provider;

    @Mixin
    OrgOption orgOption;

    @Option(names = {"--offline", "--cached"}, description = "Use cached policy documents; never fetch.")
    boolean offline;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--team", description = "Team the session runs for.")
    String team;

    @Option(names = "--network", paramLabel = "POSTURE",
            description = "Standalone: open, web-egress-enforced (default) or locked-down-web. Governed: may only tighten.")
    String posture;

    @Option(names = "--allow", paramLabel = "HOST", description = "Standalone only: extra allowed destination (host or .domain).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--local-model-endpoint", paramLabel = "URL",
            description = "The provider talks to a model inside the sandbox (the only way to run locked-down-web).")
    String localModel;

    @Option(names = "--model-endpoint", paramLabel = "URL", description = {"The agent talks to this model endpoint "
            + "(a corporate LLM gateway) instead of its provider's API; default: SCC_MODEL_ENDPOINT. Reached through "
            + "the egress proxy: governed, its host must be an allowed destination; standalone, it is added."})
    String modelEndpoint;

    @Option(names = "--prompt", paramLabel = "TEXT", description = {"Run the agent once, headless, with this prompt: "
            + "its output is printed and scc exits with its exit code. The session keeps running (scc stop ends it; "
            + "--resume --prompt runs another prompt in it)."})
    String prompt;

    @Option(names = "--resume", description = "Resume the workspace's session and the provider's last conversation.")
    boolean resume;

    @Option(names = "--launch-or-resume", hidden = true,
            description = "Resume the workspace's live session if it has one, else launch (what plain 'scc' does).")
    boolean launchOrResume;

    @Option(names = "--dry-run", description = "Show what would be created, touch nothing.")
    boolean dryRun;

    @Option(names = "--detach", description = "Start the session but do not run the agent in this terminal.")
    boolean detach;

    @Option(names = "--confirm-workspace", description = "Mount WORKSPACE even though it is your home directory or "
            + "not inside a git repository (it is mounted read-write).")
    boolean confirmWorkspace;

    /** In a dry run: the sources a launch would fetch first (nothing is fetched). */
    private List<String> wouldFetch = List.of();

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKSPACE")
    Path workspace;

    private final Supplier<? extends RuntimeBackend> backends;
    private final Optional<CliServices> services;

    /** The command as the composition root builds it: governed when an org is connected. */
    public StartCommand(CliServices services) {
        this.services = Optional.of(services);
        this.backends = RuntimeCli.defaultBackend(services);
    }

    StartCommand(Supplier<? extends RuntimeBackend> backends) {
        this.backends = backends;
        this.services = Optional.empty();
    }

    /** For tests: governed when an org is connected, on the backends {@code backends} makes. */
    StartCommand(CliServices services, Supplier<? extends RuntimeBackend> backends) {
        this.services = Optional.of(services);
        this.backends = backends;
    }

    LaunchSpec launchSpec() {
        NetworkPosture p;
        try {
            p = NetworkPosture.fromId(posture == null ? "web-egress-enforced" : posture);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path ws = workspaceOrDefault();
        dev.scc.core.spi.AgentProviderRegistry installed = services.map(CliServices::providers)
                .orElseGet(dev.scc.core.spi.AgentProviderRegistry::load);
        String provider = this.provider != null ? this.provider : installed.defaultAmong(installed.ids())
                .map(dev.scc.core.spi.AgentProvider::id).orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "no default provider among the installed ones (" + installed.describeIds()
                                + "): pass --provider ID"));
        Map<String, String> hostEnv = services.map(CliServices::env).orElse(System.getenv());
        Optional<ModelEndpoint> endpoint = ModelEndpoint.of(modelEndpoint, hostEnv);
        List<String> extraHosts = new ArrayList<>(allow);
        endpoint.ifPresent(e -> extraHosts.add(e.host()));
        LaunchSpec s = standalone(installed, ws, provider, p, extraHosts, hostEnv)
                .withResume(resume);
        if (team != null) {
            s = s.withTeam(team);
        }
        // The user's personal model key stays with the credential broker, as an org's would (docs/broker.md).
        Path auditLog = services.map(cs -> dev.scc.policy.audit.SccState.auditLogUnder(cs.dirs().sccStateDir()))
                .orElseGet(() -> dev.scc.policy.audit.SccState.auditLog(hostEnv));
        s = dev.scc.app.launch.BrokeredLaunch.standalone(s, endpoint.map(ModelEndpoint::url), hostEnv, auditLog,
                dryRun);
        if (s.broker().isPresent()) {
            // The agent talks to the broker (which talks to the endpoint): the broker's URL is the agent's endpoint.
            String base = s.env().values().stream().filter(v -> v.startsWith(dev.scc.core.runtime.CredentialBrokerSpec
                    .URL)).findFirst().orElseThrow();
            s = ModelEndpoint.of(base, Map.of()).orElseThrow().applyTo(s, s.env());
        } else if (endpoint.isPresent()) {
            s = endpoint.get().applyTo(s, hostEnv);
        }
        if (localModel != null) {
            s = s.withLocalModelEndpoint(localModel);
        }
        return s;
    }

    /**
     * A standalone session (no org): the provider's core hosts plus {@code extraHosts}, its credential variables,
     * and the default safety policy. No org, but the sandbox's safety engine still needs a policy: the default pack
     * (every rule on) with the session's destinations, so git and curl are judged rather than refused for want of one.
     */
    public static LaunchSpec standalone(Path workspace, String provider, NetworkPosture posture,
            java.util.Collection<String> extraHosts, Map<String, String> hostEnv) {
        return standalone(dev.scc.core.spi.AgentProviderRegistry.load(), workspace, provider, posture, extraHosts,
                hostEnv);
    }

    /** As above, with the providers the composition root found. */
    static LaunchSpec standalone(dev.scc.core.spi.AgentProviderRegistry installed, Path workspace, String provider,
            NetworkPosture posture, java.util.Collection<String> extraHosts, Map<String, String> hostEnv) {
        Optional<dev.scc.core.spi.AgentProvider> agent = installed.find(provider);
        Set<String> hosts = new LinkedHashSet<>(agent.map(dev.scc.core.spi.AgentProvider::coreHosts).orElse(List.of()));
        hosts.addAll(extraHosts);
        return LaunchSpec.of(workspace, provider, posture, hosts)
                .withEnv(GovernedLaunch.providerEnv(agent, posture, hostEnv))
                .withFiles(java.util.stream.Stream.concat(java.util.stream.Stream.of(GovernedLaunch.defaultSafetyPolicy(
                        hosts)), agent.map(GovernedLaunch::hookFormats).stream()).toList())
                .withProtection(dev.scc.core.runtime.WorkspaceProtection.forProviders(installed.all()));
    }

    /** WORKSPACE, else the git root of the working directory, else the working directory itself. */
    private Path workspaceOrDefault() {
        Path cwd = services.map(CliServices::workingDir).orElse(Path.of("").toAbsolutePath());
        return (workspace == null ? Launches.defaultWorkspace(cwd) : workspace).toAbsolutePath().normalize();
    }

    /**
     * Why mounting {@code ws} read-write needs the user's confirmation, if it does: the home directory, or a directory
     * outside any git repository (the agent may change any file in it, with no history to undo it). The root
     * directory is never mounted.
     */
    private Optional<dev.scc.core.runtime.RuntimeBackendException> workspaceRisk(Path ws) {
        var invalid = dev.scc.core.runtime.RuntimeBackendException.Kind.INVALID;
        if (ws.getNameCount() == 0) {
            throw new dev.scc.core.runtime.RuntimeBackendException(invalid,
                    "refusing to mount the root directory as a workspace", "run scc start in a project directory");
        }
        if (confirmWorkspace) {
            return Optional.empty();
        }
        Optional<Path> home = services.map(CliServices::home).map(h -> h.toAbsolutePath().normalize());
        if (home.isPresent() && ws.equals(home.get())) {
            return Optional.of(new dev.scc.core.runtime.RuntimeBackendException(invalid, "refusing to mount your home "
                    + "directory " + ws + " read-write into the sandbox", "run scc start in a project directory, or "
                    + "pass --confirm-workspace to mount it anyway"));
        }
        if (dev.scc.policy.exception.ExceptionStore.findRepoRoot(ws).isEmpty()) {
            return Optional.of(new dev.scc.core.runtime.RuntimeBackendException(invalid, ws + " is not inside a git "
                    + "repository: the agent would change it read-write with no history to undo its changes",
                    "'git init' it, or pass --confirm-workspace to mount it anyway"));
        }
        return Optional.empty();
    }

    @Override
    public Integer call() {
        Optional<String> orgSource = orgOption.source()
                .or(() -> services.flatMap(s -> s.governance().connectedOrgSource()));
        if (orgSource.isPresent() && services.isPresent()) {
            return governed(services.get(), orgSource.get());
        }
        spec.commandLine().getErr().println("scc: standalone session: no org policy connected, nothing is governed "
                + "(run 'scc setup' or pass --org)");
        return launch(launchSpec(), body -> RuntimeCli.with(backends, body), List.of(), Optional.empty());
    }

    /** A governed start is the application layer's launch ({@link GovernedSessions}); this command only prints. */
    private Integer governed(CliServices s, String orgSource) {
        if (!allow.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--allow is for standalone sessions; destinations come from the org's destination sets");
        }
        Path ws = workspaceOrDefault();
        try (GovernedSessions app = new GovernedSessions(s.governance(), RendererRegistry.load(), s.providers(),
                backends, s.env(), s.dirs().sccCacheDir(), s.dirs().sccStateDir(), s.clock())) {
            if (!dryRun) {
                warmUpRuntime(app);
            }
            GovernedSessions.LaunchOptions options = new GovernedSessions.LaunchOptions(Optional.ofNullable(provider),
                    s.policyLoader().loadUser(s.dirs().userConfigFile()).selectedProvider(), resume, dryRun,
                    Optional.ofNullable(posture).map(NetworkPosture::fromId), Optional.ofNullable(localModel),
                    Optional.ofNullable(modelEndpoint));
            GovernedSessions.Plan plan = app.plan(new GovernanceRequest(Optional.of(orgSource),
                    Optional.ofNullable(team), Optional.empty(), Optional.empty(), Optional.of(ws), Optional.empty(),
                    offline, true), options);
            Log.LOG.debug("start: policy resolved (org {}, team {}, provider {})", orgSource,
                    plan.spec().team().orElse("(none)"), plan.spec().provider());
            Log.LOG.debug("start: native files rendered, safety policy written ({} files)",
                    plan.spec().files().size());
            wouldFetch = plan.wouldFetch();
            plan.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            // The application layer's one runtime, configured for the plan (the warm-up above connected it); the
            // application layer closes it.
            return launch(plan.spec(), body -> body.apply(app.runtimeFor(plan)), plan.destinationSets(),
                    Optional.of((b, effective) -> app.launch(plan.withSpec(effective), b)));
        }
    }

    /** How a session is launched on a backend: governed through the application layer, standalone directly. */
    private interface Launcher {
        Session launch(RuntimeBackend backend, LaunchSpec effective);
    }

    /**
     * Launches {@code ls}; {@code onBackend} runs its argument on the backend the launch uses (standalone: one the
     * command opens and closes; governed: the application layer's).
     */
    private Integer launch(LaunchSpec ls, Function<Function<RuntimeBackend, Integer>, Integer> onBackend,
            List<String> destinationSets, Optional<Launcher> governed) {
        PrintWriter out = spec.commandLine().getOut();
        var risk = workspaceRisk(ls.workspace());
        if (risk.isPresent() && !dryRun) {
            throw risk.get();
        }
        return onBackend.apply(b -> {
            if (dryRun) {
                LaunchPlan plan = b.plan(ls);
                List<dev.scc.core.runtime.RuntimeBackendException> refusals = new ArrayList<>();
                risk.ifPresent(refusals::add);
                refusals.addAll(b.preflight(plan));
                int code = dryRunExit(refusals);
                if (jsonOption.enabled()) {
                    printPlanJson(out, plan, destinationSets, refusals, code);
                } else {
                    printPlan(out, ls, plan, destinationSets, refusals);
                }
                if (code != ExitCodes.OK) {
                    refusals.stream().filter(r -> dryRunExit(List.of(r)) != ExitCodes.OK).findFirst().ifPresent(r ->
                            spec.commandLine().getErr().println("scc: the launch would be refused: " + r.getMessage()));
                    spec.commandLine().getErr().flush();
                }
                return code;
            }
            LaunchSpec effective = ls;
            if (launchOrResume && !ls.resume()) {
                boolean live = b.sessions().stream().anyMatch(x -> x.workspace().equals(ls.workspace())
                        && x.stoppedAt().isEmpty());
                effective = ls.withResume(live);
            }
            Path ckptWorkspace = effective.workspace();
            // The launch checkpoint is taken while the backend creates the session: the container's own process
            // (the image's entrypoint and an idle command) touches no workspace file, and no agent program runs
            // before the checkpoint is complete (joined below, before exec, attach or return).
            java.util.concurrent.CompletableFuture<Void> checkpoint = services.map(cs ->
                    java.util.concurrent.CompletableFuture.runAsync(() -> WorkspaceCheckpoints.atLaunch(cs.env(),
                            ckptWorkspace, cs.clock(), spec.commandLine().getErr()), Launches.BESIDE))
                    .orElseGet(() -> java.util.concurrent.CompletableFuture.completedFuture(null));
            Log.LOG.debug("start: launching on runtime backend {} (launch checkpoint beside it)", b.id());
            LaunchSpec launched = effective;
            Session s;
            try {
                s = governed.map(g -> g.launch(b, launched)).orElseGet(() -> b.launch(launched));
            } finally {
                checkpoint.join();
            }
            Log.LOG.debug("start: session {} launched, launch checkpoint taken", s.id());
            services.ifPresent(cs -> WorkspaceReview.recordProtection(cs.env(), ckptWorkspace, launched.protection(),
                    spec.commandLine().getErr()));
            out.println("session " + s.id() + " running: " + ls.provider() + " in " + ls.workspace() + " ("
                    + s.posture().id() + ")");
            out.flush();
            if (prompt == null && (detach || System.console() == null)) {
                // Nobody stays attached: a background checkpointer the session owns ('scc stop' ends it).
                services.ifPresent(cs -> {
                    Optional<Long> pid = DetachedCheckpointer.spawn(cs.env(), ckptWorkspace, s.id());
                    out.println(pid.map(n -> "checkpoints: every " + WorkspaceCheckpoints.intervalSeconds(cs.env())
                            + " s and before risky commands (checkpointer pid " + n + ")")
                            .orElse("warning: no background checkpointer could be started: only the launch "
                                    + "checkpoint and 'scc checkpoint' protect this session"));
                });
                out.println("run the agent with: scc start --resume " + ls.workspace());
                out.flush();
                return 0;
            }
            // While the agent runs: periodic checkpoints, and one before each risky command the evaluator reports.
            try (AutoCloseable checkpointer = services.map(cs -> WorkspaceCheckpoints.session(cs.env(),
                    ckptWorkspace, cs.clock(), Optional.of(WorkspaceCheckpoints.requestDir(cs.env(), s.id()))))
                    .orElse(() -> { })) {
                return prompt != null ? headless(b, s) : (int) attach(b, s, effective.resume());
            } catch (Exception e) {
                throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
            }
        });
    }

    /**
     * Loads and connects the runtime backend's client while the policy is resolved and rendered, on a thread of its
     * own: on a cold CLI its classes and the first round trip to the engine are a good part of the launch, and the
     * two do not depend on each other. It is the application layer's one runtime, which the launch then uses.
     * Read-only (the engine's version); whatever it finds is found again, and reported, by the launch itself.
     */
    private static void warmUpRuntime(GovernedSessions app) {
        Launches.BESIDE.execute(() -> {
            try {
                app.probeRuntime();
            } catch (RuntimeException | LinkageError ignored) {
                // the launch reports it
            }
        });
    }

    /**
     * A dry run exits as the launch would for a refusal of its own (workspace, policy, a live session); a missing
     * engine or image is only listed, so a plan can be reviewed on a machine without Docker.
     */
    static int dryRunExit(List<dev.scc.core.runtime.RuntimeBackendException> refusals) {
        for (var r : refusals) {
            switch (r.kind()) {
                case UNAVAILABLE, NOT_FOUND -> { }
                default -> {
                    return ExitCodes.of(r.kind());
                }
            }
        }
        return ExitCodes.OK;
    }

    private void printPlanJson(PrintWriter out, LaunchPlan plan, List<String> destinationSets,
            List<dev.scc.core.runtime.RuntimeBackendException> refusals, int code) {
        var data = Launches.planJson(plan, destinationSets);
        plan.spec().broker().ifPresent(b -> {
            var broker = data.putObject("credential_broker");
            broker.put("url", dev.scc.core.runtime.CredentialBrokerSpec.URL);
            var names = broker.putArray("credentials");
            b.credentialNames().forEach(names::add);
            var agentVars = broker.putArray("agent_variables");
            plan.spec().env().keySet().stream().filter(k -> k.endsWith("_BASE_URL")
                    || dev.scc.broker.launch.BrokerLaunch.SECRET_VARIABLES.contains(k)).sorted().forEach(agentVars::add);
        });
        var fetch = data.putArray("would_fetch");
        wouldFetch.forEach(fetch::add);
        var refused = data.putArray("refusals");
        List<JsonOutput.Problem> errors = new ArrayList<>();
        for (var r : refusals) {
            JsonOutput.Problem p = JsonOutput.Problem.of(ExitCodes.of(r.kind()), message(r), r.fix());
            refused.add(p.toJson());
            if (dryRunExit(List.of(r)) != ExitCodes.OK) {
                errors.add(p);
            }
        }
        JsonOutput.print(out, JsonOutput.envelope("LaunchPlan", code == ExitCodes.OK, data, errors, List.of(),
                services.map(CliServices::clock).orElse(java.time.Clock.systemUTC())));
    }

    /** The exception's message without the {@code (fix: …)} suffix the fix field carries. */
    private static String message(dev.scc.core.runtime.RuntimeBackendException r) {
        String m = r.getMessage();
        String suffix = " (fix: " + r.fix() + ")";
        return !r.fix().isBlank() && m.endsWith(suffix) ? m.substring(0, m.length() - suffix.length()) : m;
    }

    private void printPlan(PrintWriter out, LaunchSpec ls, LaunchPlan plan,
            List<String> destinationSets, List<dev.scc.core.runtime.RuntimeBackendException> refusals) {
        out.println("dry run: nothing is created or fetched");
        out.println("  workspace      " + ls.workspace() + " (scc.workspace=" + plan.workspaceHash() + ")");
        out.println("  provider       " + ls.provider() + ls.team().map(t -> ", team " + t).orElse(""));
        out.println("  network        " + ls.posture().id());
        if (!destinationSets.isEmpty()) {
            out.println("  destination sets " + String.join(", ", destinationSets));
        }
        out.println("  allowed hosts  " + (ls.allowedHosts().isEmpty() ? "(none)"
                : String.join(", ", new java.util.TreeSet<>(ls.allowedHosts()))));
        out.println("  mounts         " + String.join(", ", plan.mounts().stream().map(m -> m.source() + " -> "
                + m.target() + " (" + m.mode() + ")").toList()) + "; nothing else of the host");
        out.println("  limits         memory " + (ls.limits().memoryBytes() >> 20) + "m, cpus "
                + ls.limits().cpus() + ", pids " + ls.limits().pids());
        if (!ls.files().isEmpty()) {
            out.println("  rendered files (root-owned, read-only):");
            // A marketplace holds up to thousands of files: one line each (--jsonOption.enabled() lists them all).
            String root = MarketplaceInstall.ROOT + "/";
            ls.files().stream().filter(f -> !f.containerPath().startsWith(root)).forEach(f -> out.printf(
                    "    %s  %04o  %d bytes%n", f.containerPath(), f.mode(), f.content().length));
            java.util.Map<String, long[]> markets = new java.util.TreeMap<>();
            ls.files().stream().filter(f -> f.containerPath().startsWith(root)).forEach(f -> {
                String rest = f.containerPath().substring(root.length());
                long[] n = markets.computeIfAbsent(root + rest.substring(0, rest.indexOf('/') + 1), k -> new long[2]);
                n[0]++;
                n[1] += f.content().length;
            });
            markets.forEach((dir, n) -> out.printf("    %s  marketplace, %d files, %d bytes%n", dir, n[0], n[1]));
        }
        if (!wouldFetch.isEmpty()) {
            out.println("  would fetch first (not cached; nothing was fetched):");
            wouldFetch.forEach(w -> out.println("    " + w));
        }
        out.println("  runtime        " + plan.backend());
        plan.images().forEach((role, ref) -> out.printf("  %-14s %s%n", role + " image", ref));
        out.println("  would create   " + String.join(", ", plan.objects().stream().map(Object::toString).toList()));
        out.println("  agent env      " + String.join(" ", plan.envNames()) + " (names only)");
        dev.scc.app.launch.BrokeredLaunch.describe(ls).ifPresent(d -> out.println("  credentials    " + d));
        out.println("  agent command  " + String.join(" ", plan.agentCommand()));
        plan.documents().forEach((name, text) -> {
            out.println("  " + name.replace('_', ' ').replace("acl", "ACL") + ":");
            text.lines().forEach(l -> out.println("    " + l));
        });
        if (refusals.isEmpty()) {
            out.println("  the launch would refuse nothing it can check now");
        } else {
            out.println("  the launch would refuse:");
            refusals.forEach(r -> out.println("    - " + r.getMessage()));
        }
        out.flush();
    }

    /** Runs the agent once with {@link #prompt}, no terminal; its output goes to ours, its exit code is ours. */
    private int headless(RuntimeBackend b, Session s) {
        Log.LOG.debug("start: running the agent once, headless");
        var r = b.exec(s, b.headlessCommand(s.provider(), prompt));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.print(r.stdout());
        out.flush();
        err.print(r.stderr());
        err.flush();
        return r.exitCode() >= 0 && r.exitCode() < 256 ? (int) r.exitCode() : ExitCodes.TOOL;
    }

    /** Runs the agent in this terminal: raw mode for the TTY while attached, restored afterwards. */
    private long attach(RuntimeBackend b, Session s, boolean resume) {
        boolean raw = stty("raw", "-echo");
        try {
            return b.attach(s, b.agentCommand(s.provider(), resume), System.in, System.out);
        } finally {
            if (raw) {
                stty("sane");
            }
        }
    }

    private static boolean stty(String... args) {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
