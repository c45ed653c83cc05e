package dev.scc.app;

import dev.scc.app.governance.Governance;
import dev.scc.app.governance.GovernanceException;
import dev.scc.app.governance.GovernanceRequest;
import dev.scc.app.launch.BrokeredLaunch;
import dev.scc.app.launch.GovernedLaunch;
import dev.scc.app.launch.ModelEndpoint;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.RuntimeSettings;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.audit.SccState;
import dev.scc.safety.audit.Redactor;
import java.util.ArrayList;
import dev.scc.core.SccException;
import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.Session;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RendererRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application layer's entry point (the role JUnit's launcher plays between its engines and its console): resolve
 * an org's governance, plan a launch (and dry-run it), launch it, attach to it, list, stop and prune sessions,
 * written only against the SPIs
 * ({@link RuntimeBackend}, the renderers of {@link RendererRegistry}). The CLI is one front end; a platform team's
 * own tool is another:
 *
 * <pre>{@code
 * GovernedSessions scc = GovernedSessions.standard(
 *         RuntimeBackends.discover(getClass().getClassLoader()).get("docker"));
 * GovernedSessions.Plan plan = scc.plan(LaunchRequest.of("https://policy.corp/org.yaml", "backend", workspace));
 * Session session = scc.launch(plan);
 * }</pre>
 *
 * <p>{@code scc start} runs the same {@link #plan(GovernanceRequest, LaunchOptions)} and {@link #launch(Plan,
 * RuntimeBackend)}: an embedder gets the launch the CLI makes (provider choice, rendered config, posture, model
 * endpoint, credential broker, the org's image and approval settings for the runtime, the audit record).
 *
 * <p>Failures are {@link SccException}s: a {@link SccException.Kind} and a {@link SccException#fix()}, never an exit
 * code; a launch that cannot be governed is refused, never run ungoverned.
 */
public final class GovernedSessions implements AutoCloseable {
    private final Governance governance;
    private final GovernedLaunch launches;
    private final AgentProviderRegistry providers;
    private final Supplier<? extends RuntimeBackend> runtimeSupplier;
    /** Whether {@link #close()} closes the runtime: it does when this instance found it through the supplier. */
    private final boolean ownsRuntime;
    private RuntimeBackend runtime;
    /** The configured runtimes {@link #runtimeFor} handed out, closed by {@link #close()}. */
    private final List<RuntimeBackend> handedOut = new ArrayList<>();
    private boolean closed;
    private final Map<String, String> hostEnv;
    private final Path cacheDir;
    private final Path stateDir;
    private final Clock clock;

    /**
     * @param governance resolves org, team, project and user layers into one effective config
     * @param renderers the providers' renderers (what the agent's native config becomes)
     * @param runtime where sessions run
     * @param hostEnv the host environment a launch may read (the provider's API key variable only)
     * @param cacheDir where remote skills and marketplaces are cached
     * @param stateDir SCC's state root: the audit log (launches, the credential broker) lives under it
     */
    public GovernedSessions(Governance governance, RendererRegistry renderers, AgentProviderRegistry providers,
            RuntimeBackend runtime, Map<String, String> hostEnv, Path cacheDir, Path stateDir, Clock clock) {
        this(governance, renderers, providers, constant(Objects.requireNonNull(runtime, "runtime")), false, hostEnv,
                cacheDir, stateDir, clock);
    }

    /**
     * As above, with the runtime found when first needed (a front end that plans without a runtime, or configures
     * one per launch, loads none) and asked for once: every later use shares it, and {@link #close()} closes it.
     */
    public GovernedSessions(Governance governance, RendererRegistry renderers, AgentProviderRegistry providers,
            Supplier<? extends RuntimeBackend> runtime, Map<String, String> hostEnv, Path cacheDir, Path stateDir,
            Clock clock) {
        this(governance, renderers, providers, runtime, true, hostEnv, cacheDir, stateDir, clock);
    }

    private GovernedSessions(Governance governance, RendererRegistry renderers, AgentProviderRegistry providers,
            Supplier<? extends RuntimeBackend> runtime, boolean ownsRuntime, Map<String, String> hostEnv,
            Path cacheDir, Path stateDir, Clock clock) {
        this.ownsRuntime = ownsRuntime;
        this.governance = Objects.requireNonNull(governance, "governance");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.launches = new GovernedLaunch(Objects.requireNonNull(renderers, "renderers"), providers);
        this.runtimeSupplier = Objects.requireNonNull(runtime, "runtime");
        this.hostEnv = Map.copyOf(hostEnv);
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The standard composition for this process: its user's home and XDG directories, its working directory and
     * environment, the system clock, and the renderers found on the class path.
     */
    public static GovernedSessions standard(RuntimeBackend runtime) {
        Path home = Path.of(System.getProperty("user.home"));
        Path cwd = Path.of("").toAbsolutePath();
        Map<String, String> env = System.getenv();
        Clock clock = Clock.systemUTC();
        var dirs = dev.scc.policy.source.XdgDirs.from(env, home);
        return new GovernedSessions(Governance.standard(home, cwd, env, clock), RendererRegistry.load(),
                AgentProviderRegistry.load(), runtime, env, dirs.sccCacheDir(), dirs.sccStateDir(), clock);
    }

    /**
     * What to launch: the org config (file, https:// URL or github:/gitlab: shorthand), the team, the workspace, and
     * the provider (empty: the one the team allows, when it allows exactly one).
     */
    public record LaunchRequest(String orgSource, String team, Path workspace, Optional<String> provider,
            boolean offline) {
        public LaunchRequest {
            Objects.requireNonNull(orgSource, "orgSource");
            Objects.requireNonNull(team, "team");
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(provider, "provider");
        }

        public static LaunchRequest of(String orgSource, String team, Path workspace) {
            return new LaunchRequest(orgSource, team, workspace, Optional.empty(), false);
        }

        /** The same request for {@code provider}. */
        public LaunchRequest withProvider(String provider) {
            return new LaunchRequest(orgSource, team, workspace, Optional.of(provider), offline);
        }
    }

    /**
     * How a launch departs from the defaults ({@code scc start}'s flags): the provider asked for and the user's saved
     * choice, resume, a dry run (nothing fetched, no credential read), a tighter network posture, an in-sandbox model,
     * a model endpoint (a corporate LLM gateway; empty: the host's {@code SCC_MODEL_ENDPOINT}).
     */
    public record LaunchOptions(Optional<String> provider, Optional<String> savedProvider, boolean resume,
            boolean dryRun, Optional<NetworkPosture> posture, Optional<String> localModelEndpoint,
            Optional<String> modelEndpoint) {
        public LaunchOptions {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(savedProvider, "savedProvider");
            Objects.requireNonNull(posture, "posture");
            Objects.requireNonNull(localModelEndpoint, "localModelEndpoint");
            Objects.requireNonNull(modelEndpoint, "modelEndpoint");
        }

        /** No flags: the provider the team allows (or the installed default), the org's posture. */
        public static LaunchOptions defaults() {
            return new LaunchOptions(Optional.empty(), Optional.empty(), false, false, Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }

    /**
     * A planned launch: the effective policy it was made from, the spec the runtime receives (rendered native
     * config, destinations, posture, limits, broker), the render report that explains every item, the sources a dry
     * run would fetch first, what the runtime must enforce beyond the spec (blocked base images, the base image,
     * approvals) and the warnings to show.
     */
    public record Plan(Governance.Resolved resolved, LaunchSpec spec, RenderReport report, List<String> destinationSets,
            List<String> wouldFetch, RuntimeSettings runtimeSettings, List<String> warnings) {
        public Plan {
            destinationSets = List.copyOf(destinationSets);
            wouldFetch = List.copyOf(wouldFetch);
            warnings = List.copyOf(warnings);
        }

        /** The provider the plan launches. */
        public String provider() {
            return spec.provider();
        }

        /** The same plan launching {@code other} (e.g. the spec with resume set). */
        public Plan withSpec(LaunchSpec other) {
            return new Plan(resolved, other, report, destinationSets, wouldFetch, runtimeSettings, warnings);
        }
    }

    /** Resolves governance alone (what {@code scc config explain} shows). */
    public Governance.Resolved resolve(GovernanceRequest request) {
        return governance.resolve(request);
    }

    /**
     * Plans a launch: resolves the org's policy for the team and workspace (a stale cached org is refused), picks the
     * provider, renders its native config and builds the spec. Nothing runs and nothing is written.
     *
     * @throws SccException {@code REFUSED} when the team may not use the provider, {@code INVALID} when no provider
     *     was named and the team allows several, {@code NOT_FOUND} for an unknown team, {@code CONFIG} for a bad org
     */
    public Plan plan(LaunchRequest request) {
        return plan(new GovernanceRequest(Optional.of(request.orgSource()), Optional.of(request.team()),
                Optional.empty(), Optional.empty(), Optional.of(request.workspace().toAbsolutePath().normalize()),
                Optional.empty(), request.offline(), true), new LaunchOptions(request.provider(), Optional.empty(), false, false,
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /**
     * Plans a launch as {@code scc start} does: resolves {@code request} (its workspace is required), chooses the
     * provider (asked for, else the saved choice unless {@code ask}, else the only one allowed, else the installed
     * default among the allowed), renders its native config, applies the options (a posture may only tighten; a
     * model endpoint must be an allowed destination) and, last, the org's credential broker, which takes every
     * provider secret out of the agent's environment. With {@code dryRun} nothing is fetched and no credential read.
     *
     * @throws SccException {@code REFUSED} for a provider or posture the policy does not allow, {@code INVALID} for
     *     an unclear provider choice or a bad endpoint URL, {@code CONFIG} for a bad org or broker section
     */
    public Plan plan(GovernanceRequest request, LaunchOptions options) {
        Path ws = request.workspace().orElseThrow(() -> new IllegalArgumentException("a launch needs a workspace"));
        Governance.Resolved r = governance.resolve(request);
        String chosen = chooseProvider(options.provider(), options.savedProvider(),
                r.effective().allowedProviders(), providers);
        r = governance.withProvider(r, chosen);
        boolean offline = request.offline();
        var marketplaces = GovernedLaunch.marketplaceMaterializer(GovernedLaunch.localOrgDir(r), cacheDir, offline,
                options.dryRun(), hostEnv, clock);
        var skills = GovernedLaunch.skillMaterializer(r, cacheDir, offline, options.dryRun(), hostEnv, clock);
        GovernedLaunch.Prepared prepared = launches.prepare(r, chosen, ws, hostEnv, options.resume(), skills,
                marketplaces);
        List<String> wouldFetch = new ArrayList<>(skills.wouldFetch());
        wouldFetch.addAll(marketplaces.wouldFetch());
        LaunchSpec ls = prepared.spec();
        if (options.posture().isPresent()) {
            NetworkPosture asked = options.posture().get();
            if (asked.ordinal() < ls.posture().ordinal()) {
                throw new GovernanceException("--network " + asked.id() + " would lower the org's posture "
                        + ls.posture().id() + "; a session may only tighten it", SccException.Kind.REFUSED);
            }
            ls = new LaunchSpec(ls.workspace(), ls.provider(), ls.team(), asked, ls.allowedHosts(),
                    ls.localModelEndpoint(), ls.files(), ls.env(), ls.limits(), ls.policyFingerprint(), ls.resume(),
                    ls.protection());
        }
        if (options.localModelEndpoint().isPresent()) {
            ls = ls.withLocalModelEndpoint(options.localModelEndpoint().get());
        }
        Optional<ModelEndpoint> endpoint = ModelEndpoint.of(options.modelEndpoint().orElse(null), hostEnv);
        if (endpoint.isPresent()) {
            endpoint.get().requireAllowed(ls.posture(), ls.allowedHosts());
            ls = endpoint.get().applyTo(providers, ls, hostEnv);
        }
        // Last: whatever put a provider secret into the agent's environment above, the broker takes it out.
        ls = BrokeredLaunch.apply(ls, r.org().file(), r.orgFetch().document(), hostEnv,
                SccState.auditLogUnder(stateDir), options.dryRun());
        if (ls.broker().isPresent() && endpoint.isEmpty() && ls.env().containsKey("OPENAI_BASE_URL")) {
            // Codex takes its base URL from a model provider of its own (see ModelEndpoint): the broker's, keyed by
            // the placeholder variable.
            ls = ModelEndpoint.of(ls.env().get("OPENAI_BASE_URL"), Map.of()).orElseThrow().applyTo(providers, ls,
                    Map.of("OPENAI_API_KEY", "placeholder"));
        }
        // The programs the enforced org and team command rules name must run behind wrappers in the sandbox
        // (WrappedPrograms): the runtime refuses an image that was not built to wrap them.
        RuntimeSettings settings = RuntimeSettings.of(hostEnv).withGovernance(
                r.effective().security().blockedBaseImages(), r.effective().sandbox().baseImage(),
                needsApprovals(r.effective().security().safetyNet()))
                .withWrappedPrograms(dev.scc.safety.rules.WrappedPrograms.of(r.effective().rules()).required());
        List<String> warnings = new ArrayList<>(r.warnings());
        warnings.addAll(prepared.report().warnings());
        return new Plan(r, ls, prepared.report(), prepared.destinationSets(), wouldFetch, settings, warnings);
    }

    /**
     * What the runtime would create for a plan, and every refusal the launch would make (a blocked image, a live
     * session on the workspace, a missing engine). Creates nothing and fetches nothing.
     */
    public DryRun dryRun(Plan plan) {
        RuntimeBackend governed = runtime().configured(plan.runtimeSettings());
        try {
            LaunchPlan objects = governed.plan(plan.spec());
            return new DryRun(objects, governed.preflight(objects));
        } finally {
            closeIfOwn(governed);
        }
    }

    /** A dry run: the runtime's plan and the refusals a launch would meet (empty: it would launch). */
    public record DryRun(LaunchPlan objects, List<RuntimeBackendException> refusals) {
        public DryRun {
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * Launches a plan on the runtime, configured with the plan's {@link Plan#runtimeSettings()} (the org's blocked
     * and base images, approvals), and records the launch in the audit log. The runtime's contract holds: a live
     * session, or nothing left behind.
     */
    public Session launch(Plan plan) {
        RuntimeBackend governed = runtime().configured(plan.runtimeSettings());
        try {
            return launch(plan, governed);
        } finally {
            closeIfOwn(governed);
        }
    }

    /**
     * Launches a plan on {@code governed}, a runtime the caller configured with the plan's
     * {@link Plan#runtimeSettings()} and keeps for attaching (what {@code scc start} does), and records the launch in
     * the audit log.
     */
    public Session launch(Plan plan, RuntimeBackend governed) {
        Session s = governed.launch(plan.spec());
        new AuditLog(SccState.auditLogUnder(stateDir), clock, new Redactor()).append(new AuditEvent.Launch(s.id(),
                s.provider(), s.workspace().toString(), s.posture().id(), s.policyFingerprint(), s.imageDigests()));
        return s;
    }

    /**
     * The runtime configured with the plan's {@link Plan#runtimeSettings()}, for {@link #launch(Plan, RuntimeBackend)}
     * and for attaching to the session afterwards: derived from the one runtime this instance holds (a backend may
     * share its engine connection), and closed by {@link #close()}, not by the caller.
     */
    public synchronized RuntimeBackend runtimeFor(Plan plan) {
        RuntimeBackend governed = runtime().configured(plan.runtimeSettings());
        if (governed != runtime) {
            handedOut.add(governed);
        }
        return governed;
    }

    /**
     * Probes the runtime, finding and connecting it if this is its first use. A front end may call it on a thread of
     * its own while it resolves and plans, so that the runtime client's loading and first round trip overlap them;
     * the launch then uses the same runtime. Never throws for an unreachable engine.
     */
    public Availability probeRuntime() {
        return runtime().availability();
    }

    /**
     * Closes the configured runtimes {@link #runtimeFor} handed out, then the runtime itself when this instance found
     * it through a supplier (a runtime passed in stays the caller's). Idempotent; the runtime is not found again.
     */
    @Override
    public void close() {
        List<RuntimeBackend> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(handedOut);
            handedOut.clear();
            if (ownsRuntime && runtime != null) {
                toClose.add(runtime);
            }
        }
        RuntimeException first = null;
        for (RuntimeBackend b : toClose) {
            try {
                b.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static Supplier<RuntimeBackend> constant(RuntimeBackend runtime) {
        return () -> runtime;
    }

    /** The runtime, found on first use. */
    private synchronized RuntimeBackend runtime() {
        if (closed) {
            throw new IllegalStateException("these governed sessions are closed");
        }
        if (runtime == null) {
            runtime = Objects.requireNonNull(runtimeSupplier.get(), "runtime");
        }
        return runtime;
    }

    private void closeIfOwn(RuntimeBackend governed) {
        if (governed != runtime()) {
            governed.close();
        }
    }

    /** Known sessions, newest first. */
    public List<Session> sessions() {
        return runtime().sessions();
    }

    /** A session by id or unique id prefix. */
    public Optional<Session> session(String idOrPrefix) {
        return runtime().session(idOrPrefix);
    }

    /** Stops a session (idempotent). */
    public Session stop(String sessionId) {
        return runtime().stop(sessionId);
    }

    /** Attaches a terminal to {@code argv} in a live session (the agent's command line: {@link #agentCommand}). */
    public long attach(Session session, List<String> argv, InputStream in, OutputStream out) {
        return runtime().attach(session, argv, in, out);
    }

    /** The agent command line the runtime runs for a session's provider. */
    public List<String> agentCommand(Session session, boolean resume) {
        return runtime().agentCommand(session.provider(), resume);
    }

    /** Removes what the runtime created that belongs to no live session; with {@code dryRun} only lists it. */
    public PruneReport prune(boolean dryRun) {
        return runtime().prune(dryRun);
    }

    /**
     * Explicit beats configured beats detected: the provider asked for, then the user's saved choice (unless
     * {@code ask}), then the only provider the team may use, then the installed default among the allowed. Never a
     * disallowed one (the governance check refuses it).
     */
    static String chooseProvider(Optional<String> flag, Optional<String> saved, List<String> allowed,
            AgentProviderRegistry providers) {
        if (flag.isPresent()) {
            return flag.get();
        }
        if (saved.isPresent() && !saved.get().equals("ask")) {
            return saved.get();
        }
        if (allowed.isEmpty()) {
            throw new GovernanceException("no provider is allowed for this team", SccException.Kind.REFUSED);
        }
        if (allowed.size() == 1) {
            return allowed.get(0);
        }
        // Nobody chose: the installed default among the allowed (ask is a choice, so it never falls back).
        Optional<String> byDefault = saved.isEmpty() ? providers.defaultAmong(allowed).map(AgentProvider::id)
                : Optional.empty();
        if (byDefault.isPresent()) {
            return byDefault.get();
        }
        throw new GovernanceException("provider preference is 'ask' and both " + String.join(" and ", allowed)
                + " are allowed: pass --provider " + String.join("|", allowed) + " (or 'scc provider set')",
                SccException.Kind.INVALID);
    }

    /** True when the org's safety policy sends some actions to a human instead of blocking them. */
    static boolean needsApprovals(Optional<Map<String, Object>> safetyNet) {
        Object r = safetyNet.map(m -> m.get("require_approval")).orElse(null);
        return r instanceof List<?> l && !l.isEmpty();
    }
}
