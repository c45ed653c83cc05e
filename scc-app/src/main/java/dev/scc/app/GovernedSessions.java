package dev.scc.app;

import dev.scc.app.governance.Governance;
import dev.scc.app.governance.GovernanceException;
import dev.scc.app.governance.GovernanceRequest;
import dev.scc.app.launch.GovernedLaunch;
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
 * <p>Failures are {@link SccException}s: a {@link SccException.Kind} and a {@link SccException#fix()}, never an exit
 * code; a launch that cannot be governed is refused, never run ungoverned.
 */
public final class GovernedSessions {
    private final Governance governance;
    private final GovernedLaunch launches;
    private final RuntimeBackend runtime;
    private final Map<String, String> hostEnv;
    private final Path cacheDir;
    private final Clock clock;

    /**
     * @param governance resolves org, team, project and user layers into one effective config
     * @param renderers the providers' renderers (what the agent's native config becomes)
     * @param runtime where sessions run
     * @param hostEnv the host environment a launch may read (the provider's API key variable only)
     * @param cacheDir where remote skills and marketplaces are cached
     */
    public GovernedSessions(Governance governance, RendererRegistry renderers, RuntimeBackend runtime,
            Map<String, String> hostEnv, Path cacheDir, Clock clock) {
        this.governance = Objects.requireNonNull(governance, "governance");
        this.launches = new GovernedLaunch(Objects.requireNonNull(renderers, "renderers"));
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.hostEnv = Map.copyOf(hostEnv);
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
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
        return new GovernedSessions(Governance.standard(home, cwd, env, clock), RendererRegistry.load(), runtime, env,
                dev.scc.policy.source.XdgDirs.from(env, home).sccCacheDir(), clock);
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
     * A planned launch: the effective policy it was made from, the spec the runtime receives (rendered native
     * config, destinations, posture, limits) and the render report that explains every item.
     */
    public record Plan(Governance.Resolved resolved, LaunchSpec spec, RenderReport report, List<String> destinationSets) {
        /** The provider the plan launches. */
        public String provider() {
            return spec.provider();
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
        Path ws = request.workspace().toAbsolutePath().normalize();
        Governance.Resolved team = governance.resolve(new GovernanceRequest(Optional.of(request.orgSource()),
                Optional.of(request.team()), Optional.empty(), Optional.empty(), Optional.of(ws), Optional.empty(),
                request.offline(), true));
        String provider = request.provider().orElseGet(() -> onlyProvider(team.effective().allowedProviders()));
        Governance.Resolved r = governance.withProvider(team, provider);
        GovernedLaunch.Prepared p = launches.prepare(r, provider, ws, hostEnv, false,
                GovernedLaunch.skillMaterializer(r, cacheDir, request.offline(), hostEnv, clock),
                GovernedLaunch.marketplaceMaterializer(GovernedLaunch.localOrgDir(r), cacheDir, request.offline(),
                        false, hostEnv, clock));
        return new Plan(r, p.spec(), p.report(), p.destinationSets());
    }

    /**
     * What the runtime would create for a plan, and every refusal the launch would make (a blocked image, a live
     * session on the workspace, a missing engine). Creates nothing and fetches nothing.
     */
    public DryRun dryRun(Plan plan) {
        LaunchPlan objects = runtime.plan(plan.spec());
        return new DryRun(objects, runtime.preflight(objects));
    }

    /** A dry run: the runtime's plan and the refusals a launch would meet (empty: it would launch). */
    public record DryRun(LaunchPlan objects, List<RuntimeBackendException> refusals) {
        public DryRun {
            refusals = List.copyOf(refusals);
        }
    }

    /** Launches a plan on the runtime. The runtime's contract holds: a live session, or nothing left behind. */
    public Session launch(Plan plan) {
        return runtime.launch(plan.spec());
    }

    /** Known sessions, newest first. */
    public List<Session> sessions() {
        return runtime.sessions();
    }

    /** A session by id or unique id prefix. */
    public Optional<Session> session(String idOrPrefix) {
        return runtime.session(idOrPrefix);
    }

    /** Stops a session (idempotent). */
    public Session stop(String sessionId) {
        return runtime.stop(sessionId);
    }

    /** Attaches a terminal to {@code argv} in a live session (the agent's command line: {@link #agentCommand}). */
    public long attach(Session session, List<String> argv, InputStream in, OutputStream out) {
        return runtime.attach(session, argv, in, out);
    }

    /** The agent command line the runtime runs for a session's provider. */
    public List<String> agentCommand(Session session, boolean resume) {
        return runtime.agentCommand(session.provider(), resume);
    }

    /** Removes what the runtime created that belongs to no live session; with {@code dryRun} only lists it. */
    public PruneReport prune(boolean dryRun) {
        return runtime.prune(dryRun);
    }

    private static String onlyProvider(List<String> allowed) {
        if (allowed.size() == 1) {
            return allowed.get(0);
        }
        throw new GovernanceException(allowed.isEmpty() ? "no provider is allowed for this team"
                : "the team allows " + String.join(" and ", allowed) + "; name one", allowed.isEmpty()
                        ? SccException.Kind.REFUSED : SccException.Kind.INVALID);
    }
}
