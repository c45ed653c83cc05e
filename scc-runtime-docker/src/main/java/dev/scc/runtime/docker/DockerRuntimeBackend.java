package dev.scc.runtime.docker;

import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.ExecResult;
import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.CredentialBrokerSpec;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.LogSource;
import dev.scc.core.runtime.NetworkDenial;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.RuntimeSettings;
import dev.scc.core.runtime.SandboxImages;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.Session;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.runtime.docker.egress.DenialReason;
import dev.scc.runtime.docker.egress.EgressAllowlist;
import dev.scc.runtime.docker.egress.EgressPolicyException;
import dev.scc.runtime.docker.egress.HostAddresses;
import dev.scc.runtime.docker.egress.JvmProxySettings;
import dev.scc.runtime.docker.egress.SquidAclCompiler;
import dev.scc.runtime.docker.internal.ContainerSpec;
import dev.scc.runtime.docker.internal.DockerJavaEngine;
import dev.scc.runtime.docker.internal.Engine;
import dev.scc.runtime.docker.internal.SessionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code docker} {@link RuntimeBackend}: hardened agent containers, a per-session internal network and a
 * dual-homed Squid for {@code web-egress-enforced}, {@code --network=none} for {@code locked-down-web}.
 * Every object carries {@link Labels}; a failed launch removes everything it created, newest first.
 *
 * <p>The no-argument constructor is for {@link java.util.ServiceLoader}: it reads DOCKER_HOST and
 * XDG_STATE_HOME and connects lazily, on first use; {@link #configured} makes one for an invocation's environment
 * and the org's image settings. Docker-only operations (image builds, the doctor's image check) are offered as the
 * {@link SandboxImages} capability.
 *
 * <p>Session objects: the agent container (kind {@code container}, role {@code agent}), the egress proxy
 * ({@code container}, {@code proxy}) and the session network ({@code network}, {@code network}), named by their
 * engine ids.
 */
public final class DockerRuntimeBackend implements RuntimeBackend, AutoCloseable {
    public static final String ID = "docker";
    static final String CONTAINER = "container";
    static final String NETWORK = "network";
    static final String PROXY = "proxy";
    static final String PROXY_PORT = "3128";
    static final String BROKER = "broker";
    static final String BROKER_READY_LINE = "scc-broker: listening on";
    static final String BROKER_ORG_DIR = "/etc/scc/broker";
    static final String BROKER_CLASSPATH_DIR = "/opt/scc/broker/cp";
    static final String BROKER_AUDIT_DIR = "/var/lib/scc/audit";
    static final String BROKER_APPROVALS = "/var/lib/scc/approvals";
    private static final String READY_LINE = "Accepting HTTP Socket connections";
    /** Where the agent image's entrypoint finds the approval channel (see images/scc-base). */
    static final String APPROVALS = "/var/lib/scc/approvals";
    /** Where the evaluator writes its verdicts; the host's {@code scc audit ingest} reads them from the session dir. */
    static final String AUDIT_SPOOL = "/var/lib/scc/audit-spool";
    static final String APPROVAL_KEY = "/etc/scc/approval.key";
    static final String SAFETY_UID_LABEL = "scc.safety-uid";
    static final String SAFETY_GID_LABEL = "scc.safety-gid";
    /**
     * On the internal network the agent's IPv6 link-local address would reach the host's end of the bridge (which
     * gets one whenever the host has IPv6): off, so the agent has no IPv6 at all. Its web traffic goes through the
     * proxy, which keeps the egress network's IPv6.
     */
    static final Map<String, String> NO_IPV6 = Map.of("net.ipv6.conf.all.disable_ipv6", "1",
            "net.ipv6.conf.default.disable_ipv6", "1");
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "^(\\S+) (\\S+) (\\S+)/(\\d{3}) (\\S+) (\\S+)\\s*$");

    private final DockerBackendConfig config;
    private AgentProviderRegistry providers;
    private final Supplier<Engine> engineFactory;
    private final Supplier<String> ids;
    private final Clock clock;
    private final SessionStore store;
    /** Whether {@link #close()} closes the engine: not when it is the open one of the backend this came from. */
    private final boolean ownsEngine;
    private Engine engine;

    static {
        quietDockerJavaRetries();
    }

    /**
     * Created on first use: after the static block above (that setting must be in place before docker-java's first
     * logger exists), and not when a command tree merely names this backend (the CLI sets the level later).
     */
    private static final class Log {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DockerRuntimeBackend.class);
    }

    /**
     * docker-java's HTTP client logs each retry against a dead socket at INFO; the user gets one clear error instead.
     * Set before the first docker-java logger exists (this class loads before the engine client); a user's explicit
     * setting wins.
     */
    static void quietDockerJavaRetries() {
        if (System.getProperty("org.slf4j.simpleLogger.log.com.github.dockerjava") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn");
        }
    }

    /** ServiceLoader entry: configuration from the process environment. */
    public DockerRuntimeBackend() {
        this(DockerBackendConfig.fromEnvironment(System.getenv()));
    }

    public DockerRuntimeBackend(DockerBackendConfig config) {
        this(config, () -> new DockerJavaEngine(config.dockerHost()), DockerRuntimeBackend::randomId, Clock.systemUTC());
    }

    /** For tests: a given engine, id source and clock. */
    public DockerRuntimeBackend(DockerBackendConfig config, Supplier<Engine> engineFactory, Supplier<String> ids,
            Clock clock) {
        this(config, engineFactory, ids, clock, true);
    }

    private DockerRuntimeBackend(DockerBackendConfig config, Supplier<Engine> engineFactory, Supplier<String> ids,
            Clock clock, boolean ownsEngine) {
        this.ownsEngine = ownsEngine;
        this.config = config;
        this.engineFactory = engineFactory;
        this.ids = ids;
        this.clock = clock;
        this.store = new SessionStore(config.stateDir());
    }

    static String randomId() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public DockerBackendConfig config() {
        return config;
    }

    synchronized Engine engine() {
        if (engine == null) {
            engine = engineFactory.get();
        }
        return engine;
    }

    /** The engine client if one is open, else null (a backend nobody used yet opens none for {@link #configured}). */
    private synchronized Engine openEngine() {
        return engine;
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * A backend for one invocation: {@link DockerBackendConfig#fromEnvironment} of the settings' environment, with the
     * org's blocked base images, its sandbox base image (the agent images' base) and the approval channel when the
     * settings or {@code SCC_APPROVALS} ask for it. On the same engine address it shares the engine client this
     * backend has already opened (the connection a warm-up opened serves the launch); this backend still owns and
     * closes that client, so close this one last.
     */
    @Override
    public DockerRuntimeBackend configured(RuntimeSettings settings) {
        DockerBackendConfig c = DockerBackendConfig.fromEnvironment(settings.env())
                .withBlockedBaseImages(new BlockedBaseImages(settings.blockedBaseImages()));
        if (settings.approvals()) {
            c = c.withApprovals(true);
        }
        if (settings.baseImage().isPresent()) {
            // Only the base changes: the agent images keep this version's tag (not "latest"), or an org that names
            // its base image could start nothing at all.
            ImageNames i = c.images();
            c = c.withImages(new ImageNames(settings.baseImage().get(), i.proxy(), i.agentPrefix(), i.agentTag()));
        }
        if (!settings.wrappedPrograms().isEmpty()) {
            c = c.withWrappedPrograms(settings.wrappedPrograms());
        }
        Engine open = openEngine();
        if (open != null && c.dockerHost().equals(config.dockerHost())) {
            return new DockerRuntimeBackend(c, () -> open, ids, clock, false);
        }
        return new DockerRuntimeBackend(c);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return type == SandboxImages.class ? Optional.of(type.cast(new DockerImages(this))) : Optional.empty();
    }

    @Override
    public Availability availability() {
        try {
            Engine.Version v = engine().version();
            if (!apiAtLeast(v.api(), 1, 41)) {
                return new Availability.Unavailable("Docker engine " + v.engine() + " speaks API " + v.api()
                        + "; SCC needs 1.41 or newer", "upgrade the engine (Docker 20.10 or newer)");
            }
            return new Availability.Available(v.engine(), v.api(), "Docker " + v.engine() + ", API " + v.api() + " at "
                    + config.dockerHost());
        } catch (RuntimeBackendException e) {
            return new Availability.Unavailable(e.getMessage(), e.fix());
        } catch (RuntimeException e) {
            return new Availability.Unavailable("cannot reach the Docker engine at " + config.dockerHost() + ": "
                    + e.getMessage(), "start the engine or point DOCKER_HOST at a running one");
        }
    }

    static boolean apiAtLeast(String api, int major, int minor) {
        try {
            String[] p = api.split("\\.");
            int ma = Integer.parseInt(p[0]);
            int mi = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A stable 12-hex digest of the workspace path: the {@code scc.workspace} label. */
    public static String workspaceHash(Path workspace) {
        return Session.workspaceHash(workspace);
    }

    /** The session's agent container id. */
    public static String agentContainer(Session s) {
        return s.object(Session.AGENT).map(RuntimeObject::name).orElseThrow(() -> new RuntimeBackendException(
                Kind.NOT_FOUND, "session " + s.id() + " has no agent container on record", ""));
    }

    /** The session's egress proxy container id (enforced posture only). */
    public static Optional<String> proxyContainer(Session s) {
        return s.object(PROXY).map(RuntimeObject::name);
    }

    /** The ids of the networks created for the session. */
    public static List<String> networks(Session s) {
        return s.objects(NETWORK).stream().map(RuntimeObject::name).toList();
    }

    /** The session's objects as this backend records them: agent, proxy, networks. */
    public static List<RuntimeObject> objects(String agent, Optional<String> proxy, List<String> networks) {
        List<RuntimeObject> o = new ArrayList<>();
        o.add(new RuntimeObject(CONTAINER, Session.AGENT, agent));
        proxy.ifPresent(p -> o.add(new RuntimeObject(CONTAINER, PROXY, p)));
        networks.forEach(n -> o.add(new RuntimeObject(NETWORK, NETWORK, n)));
        return o;
    }

    /** The provider's own command line ({@link AgentProvider#agentCommand}); an unknown id lists the installed ones. */
    @Override
    public List<String> agentCommand(String provider, boolean resume) {
        return providers().get(provider).agentCommand(resume);
    }

    /** The installed providers, discovered on first need (not while {@code scc --help} builds the command tree). */
    private AgentProviderRegistry providers() {
        synchronized (this) {
            if (providers == null) {
                providers = AgentProviderRegistry.load();
            }
            return providers;
        }
    }

    /**
     * The plan for {@code spec} without touching the engine: what {@code --dry-run} shows. Names are the ones the
     * launch gives, with {@code <id>} for the session id it draws then; the document {@code egress_acl} is the
     * proxy's compiled ACL.
     */
    @Override
    public LaunchPlan plan(LaunchSpec spec) {
        validate(spec);
        boolean enforced = spec.posture() == NetworkPosture.WEB_EGRESS_ENFORCED;
        String wsHash = workspaceHash(spec.workspace());
        Map<String, String> images = new LinkedHashMap<>();
        images.put(Session.AGENT, config.images().agent(spec.provider()));
        Map<String, String> documents = new LinkedHashMap<>();
        List<RuntimeObject> objects = new ArrayList<>();
        java.util.TreeSet<String> env = new java.util.TreeSet<>(spec.env().keySet());
        env.addAll(List.of("SCC_SESSION", "SCC_PROVIDER", "SCC_NETWORK_POSTURE"));
        providers().find(spec.provider()).ifPresent(p -> env.add(p.stateDirEnv()));
        if (enforced) {
            images.put(PROXY, config.images().proxy());
            documents.put("egress_acl", new SquidAclCompiler().compile(allowlist(spec), HostAddresses.local()));
            objects.add(new RuntimeObject(NETWORK, NETWORK, "scc-<id>-net"));
            objects.add(new RuntimeObject(CONTAINER, PROXY, "scc-<id>-proxy"));
            env.addAll(List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
                    "all_proxy", "no_proxy"));
            if (spec.broker().isPresent()) {
                images.put(BROKER, config.images().proxy());
                objects.add(new RuntimeObject(CONTAINER, BROKER, "scc-<id>-broker"));
            }
        }
        objects.add(new RuntimeObject("volume", "state", "scc-home-" + wsHash + "-" + spec.provider()));
        objects.add(new RuntimeObject(CONTAINER, Session.AGENT, "scc-<id>-agent"));
        List<LaunchPlan.Mount> mounts = new ArrayList<>();
        mounts.add(new LaunchPlan.Mount(spec.workspace().toString(), "/workspace", "rw"));
        try {
            // the protected paths' mounts as the launch lays them (a refusal here is the launch's to report)
            ProtectedMounts.plan(spec.workspace(), spec.protection()).mounts().forEach(m -> mounts.add(
                    new LaunchPlan.Mount(m.source(), m.target(), m.readOnly() ? "ro" : "rw")));
        } catch (RuntimeBackendException refusedAtLaunch) {
            // preflight lists it among the refusals, with its own reason
        }
        return new LaunchPlan(spec, ID, wsHash, images, objects, mounts, List.copyOf(env),
                agentCommand(spec.provider(), spec.resume()), documents);
    }

    /**
     * Every refusal {@link #launch} would make for {@code plan} before it creates anything, found read-only (engine
     * version, image inspection, container listing; never a pull, a build or a create), so a dry run can show them:
     * the engine, a live session on the workspace (unless resuming), each image's presence and its name and base
     * against {@code security.blocked_base_images}. Without an engine the image names are still checked.
     */
    @Override
    public List<RuntimeBackendException> preflight(LaunchPlan plan) {
        List<RuntimeBackendException> found = new ArrayList<>();
        try {
            requireBrokerPosture(plan.spec());
        } catch (RuntimeBackendException x) {
            found.add(x);
        }
        try {
            ProtectedMounts.plan(plan.spec().workspace(), plan.spec().protection());
        } catch (RuntimeBackendException x) {
            found.add(x); // a protected path that is a link out of the workspace: the launch refuses it
        }
        Map<String, String> images = new LinkedHashMap<>();
        images.put(plan.images().get(Session.AGENT), "--provider " + plan.spec().provider());
        Optional.ofNullable(plan.images().get(PROXY)).ifPresent(p -> images.put(p, "--proxy"));
        if (availability() instanceof Availability.Unavailable u) {
            String suffix = " (fix: " + u.fix() + ")";
            String reason = u.reason().endsWith(suffix) ? u.reason().substring(0, u.reason().length() - suffix.length())
                    : u.reason();
            found.add(new RuntimeBackendException(Kind.UNAVAILABLE, reason, u.fix()));
            images.keySet().forEach(ref -> config.blockedBaseImages().nameRefusal(ref).ifPresent(found::add));
            return List.copyOf(found);
        }
        Engine e = engine();
        if (!plan.spec().resume()) {
            e.containers(Map.of(Labels.MANAGED, "true", Labels.WORKSPACE, plan.workspaceHash(), Labels.ROLE, "agent"))
                    .stream().findFirst().ifPresent(c -> found.add(liveSession(plan.spec().workspace(),
                            c.labels().getOrDefault(Labels.SESSION, "?"))));
        }
        images.forEach((ref, flag) -> {
            // A name the list blocks is refused whether or not the image is built yet.
            Optional<RuntimeBackendException> byName = config.blockedBaseImages().nameRefusal(ref);
            if (byName.isPresent()) {
                found.add(byName.get());
                return;
            }
            try {
                Engine.ImageInfo info = checkedImageInfo(e, ref, flag);
                if (ref.equals(plan.images().get(Session.AGENT))) {
                    requireWrapped(ref, info, plan.spec().provider());
                }
            } catch (RuntimeBackendException x) {
                found.add(x);
            }
        });
        return List.copyOf(found);
    }

    /** A second launch on a workspace with a live session: nothing is created, the way out is resume or stop. */
    private static RuntimeBackendException liveSession(Path workspace, String sid) {
        return new RuntimeBackendException(Kind.CONFLICT, "workspace " + workspace + " already has a live session "
                + sid, "resume it with 'scc start --resume " + workspace + "' or stop it with 'scc stop " + sid + "'");
    }

    private void validate(LaunchSpec spec) {
        if (!Files.isDirectory(spec.workspace())) {
            throw new RuntimeBackendException(Kind.INVALID, "workspace " + spec.workspace() + " is not a directory",
                    "pass an existing directory");
        }
        if (spec.workspace().getNameCount() == 0) {
            throw new RuntimeBackendException(Kind.REFUSED, "refusing to mount the root directory as a workspace",
                    "pass a project directory");
        }
        if (spec.posture() == NetworkPosture.LOCKED_DOWN_WEB && spec.localModelEndpoint().isEmpty()) {
            throw new RuntimeBackendException(Kind.REFUSED, "provider '" + spec.provider()
                    + "' needs its API, but network posture locked-down-web gives the sandbox no network at all",
                    "configure the provider for a local model endpoint, or use web-egress-enforced");
        }
        if (spec.posture() == NetworkPosture.WEB_EGRESS_ENFORCED) {
            allowlist(spec);
        }
    }

    private static EgressAllowlist allowlist(LaunchSpec spec) {
        try {
            return EgressAllowlist.of(spec.allowedHosts());
        } catch (EgressPolicyException e) {
            throw new RuntimeBackendException(Kind.INVALID, e.getMessage(),
                    "fix the destination in the org or team destination sets", e);
        }
    }

    private static Map<String, String> labels(String sid, String wsHash, String provider, String role) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(Labels.MANAGED, "true");
        l.put(Labels.SESSION, sid);
        l.put(Labels.ROLE, role);
        l.put(Labels.WORKSPACE, wsHash);
        l.put(Labels.PROVIDER, provider);
        return l;
    }

    @Override
    public Session launch(LaunchSpec spec) {
        validate(spec);
        requireBrokerPosture(spec);
        Engine e = engine();
        String wsHash = workspaceHash(spec.workspace());
        boolean enforced = spec.posture() == NetworkPosture.WEB_EGRESS_ENFORCED;
        String agentImage = config.images().agent(spec.provider());
        // The read-only checks are independent round trips: issue them together (a cold CLI also loads their
        // classes in parallel) and report in a fixed order: conflict first, then images.
        var existingF = async(() -> e.containers(Map.of(Labels.MANAGED, "true", Labels.WORKSPACE, wsHash,
                Labels.ROLE, "agent")));
        var agentImageF = async(() -> checkedImageInfo(e, agentImage, "--provider " + spec.provider()));
        var proxyImageF = enforced ? async(() -> checkedImage(e, config.images().proxy(), "--proxy"))
                : java.util.concurrent.CompletableFuture.completedFuture("");
        var volumesF = async(() -> e.volumes(Map.of(Labels.MANAGED, "true", Labels.WORKSPACE, wsHash,
                Labels.PROVIDER, spec.provider())));
        java.util.concurrent.CompletableFuture.runAsync(SessionStore::warmUp);
        List<Engine.Obj> existing = join(existingF);
        if (!existing.isEmpty()) {
            String sid = existing.get(0).labels().getOrDefault(Labels.SESSION, "?");
            if (spec.resume()) {
                return resume(sid, existing.get(0));
            }
            throw liveSession(spec.workspace(), sid);
        }
        Map<String, String> digests = new LinkedHashMap<>();
        Engine.ImageInfo agentInfo = join(agentImageF);
        requireWrapped(agentImage, agentInfo, spec.provider());
        digests.put(agentImage, agentInfo.id());
        Optional<int[]> safetyIds = config.approvals() ? Optional.of(safetyIds(agentImage, agentInfo)) : Optional.empty();
        // The evaluator's verdicts leave the sandbox through a spool only its user may write; images that predate the
        // uid labels simply keep their verdicts inside (scc doctor / the session record say nothing is lost silently).
        Optional<int[]> spoolIds = safetyIds.or(() -> declaredSafetyIds(agentInfo));
        EgressAllowlist allow = enforced ? allowlist(spec) : null;
        if (enforced) {
            digests.put(config.images().proxy(), join(proxyImageF));
        }
        List<Engine.Obj> homeVolumes = join(volumesF);
        Log.LOG.debug("launch: engine checks done (no live session on the workspace, images present)");
        // Before anything is created: a protected path that cannot be protected refuses the launch.
        ProtectedMounts.Plan protectedMounts = ProtectedMounts.plan(spec.workspace(), spec.protection());

        String sid = ids.get();
        String prefix = "scc-" + sid;
        // The credential broker's container is known before anything is created, so the no-secret check covers
        // it and the agent's environment, files, labels and command now: a failure leaves nothing behind.
        Optional<ContainerSpec> brokerSpec = spec.broker().map(b -> brokerContainer(b, sid, wsHash, spec.provider(),
                config.approvals() && safetyIds.isPresent()));
        spec.broker().ifPresent(b -> b.requireNoSecrets(agentTexts(spec, labels(sid, wsHash, spec.provider(),
                "agent"), brokerSpec.orElseThrow())));
        Deque<Runnable> undo = new ArrayDeque<>();
        Beside beside = new Beside();
        try {
            String volume = "scc-home-" + wsHash + "-" + spec.provider();
            // Independent engine calls run beside the main line (network, agent): each is a round trip the engine
            // serves in parallel. Their undo steps are registered once they are known to have succeeded.
            var volumeF = homeVolumes.stream().anyMatch(v -> v.name().equals(volume))
                    ? java.util.concurrent.CompletableFuture.<String>completedFuture(null)
                    : beside.run(() -> e.createVolume(volume, labels(sid, wsHash, spec.provider(), "state")),
                            v -> () -> e.removeVolume(volume));
            java.util.concurrent.CompletableFuture<String> proxyF = null;
            Map<String, String> env = new LinkedHashMap<>(spec.env());
            String network;
            List<String> dns;
            Optional<String> proxyId = Optional.empty();
            List<String> networks = new ArrayList<>();
            List<SandboxFile> jvmFiles = List.of();
            if (enforced) {
                String net = prefix + "-net";
                String netId = e.createNetwork(net, true, labels(sid, wsHash, spec.provider(), "network"));
                undo.push(() -> e.removeNetwork(netId));
                networks.add(netId);
                Log.LOG.debug("launch: network {} created", net);
                String acl = new SquidAclCompiler().compile(allow, HostAddresses.local());
                Map<String, String> proxyLabels = labels(sid, wsHash, spec.provider(), "proxy");
                proxyLabels.put("scc.allowlist", String.join(",", allow.entries()));
                ContainerSpec proxySpec = new ContainerSpec(prefix + "-proxy", config.images().proxy(), proxyLabels,
                        Optional.empty(), List.of(),
                        Map.of("SCC_SQUID_ACL_B64", Base64.getEncoder().encodeToString(acl.getBytes(StandardCharsets.UTF_8))),
                        net, config.proxyDns(), config.proxyExtraHosts(), List.of(), List.of(), true,
                        Map.of("/tmp", "rw,nosuid,nodev,size=64m"), true, 256L << 20, 1_000_000_000L, 256,
                        Optional.empty());
                // The proxy is created and connected to the egress network while the agent is prepared.
                proxyF = beside.run(() -> {
                    String pid = e.createContainer(proxySpec);
                    try {
                        e.connect(config.egressNetwork(), pid);
                    } catch (RuntimeException ex) {
                        removeQuietly(e, pid, ex);
                        throw ex;
                    }
                    Log.LOG.debug("launch: egress proxy created and connected to {}", config.egressNetwork());
                    return pid;
                }, pid -> () -> e.removeContainer(pid));
                // The agent reaches the proxy by its container name (Docker's embedded DNS answers names of
                // containers on the session network only; the agent has no upstream resolver), so the agent can be
                // created and started alongside the proxy instead of after it.
                String proxyUrl = "http://" + prefix + "-proxy:" + PROXY_PORT;
                // Both spellings: curl ignores HTTP_PROXY for http:// URLs; SCC's values replace inherited ones.
                for (String k : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
                    env.put(k, proxyUrl);
                    env.put(k.toLowerCase(java.util.Locale.ROOT), proxyUrl);
                }
                // The broker is reached directly on the session network, never through Squid.
                String noProxy = "localhost,127.0.0.1,::1" + (spec.broker().isPresent()
                        ? "," + CredentialBrokerSpec.HOST : "");
                env.put("NO_PROXY", noProxy);
                env.put("no_proxy", noProxy);
                JvmProxySettings jvm = new JvmProxySettings(prefix + "-proxy", Integer.parseInt(PROXY_PORT));
                env.putAll(jvm.env(env));
                jvmFiles = jvm.files();
                network = net;
                dns = List.of("127.0.0.1");
            } else if (spec.posture() == NetworkPosture.LOCKED_DOWN_WEB) {
                network = "none";
                dns = List.of();
            } else {
                network = "bridge";
                dns = List.of();
            }
            env.put("SCC_SESSION", sid);
            env.put("SCC_PROVIDER", spec.provider());
            env.put("SCC_NETWORK_POSTURE", spec.posture().id());

            String agentHome = "/home/agent/." + spec.provider();
            // All of the agent's own state in the volume, so sign-in and onboarding outlive this container.
            providers().find(spec.provider()).ifPresent(p -> env.put(p.stateDirEnv(), agentHome));
            List<ContainerSpec.Mount> mounts = new ArrayList<>(List.of(
                    new ContainerSpec.Mount(spec.workspace().toString(), "/workspace", false, false),
                    new ContainerSpec.Mount(volume, agentHome, false, true)));
            mounts.addAll(protectedMounts.mounts());
            if (protectedMounts.commondirPin().isPresent()) {
                undo.push(ProtectedMounts.writePin(protectedMounts.commondirPin().get()));
            }
            Optional<SandboxFile> approvalKey = Optional.empty();
            if (safetyIds.isPresent()) {
                Path dir = config.stateDir().resolve(sid).resolve("approvals");
                undo.push(() -> deleteTree(config.stateDir().resolve(sid)));
                approvalKey = Optional.of(new SandboxFile(APPROVAL_KEY,
                        prepareApprovals(dir, safetyIds.get()[0], safetyIds.get()[1]), 0400));
                mounts.add(new ContainerSpec.Mount(dir.resolve("requests").toString(), APPROVALS + "/requests", false,
                        false));
                mounts.add(new ContainerSpec.Mount(dir.resolve("answers").toString(), APPROVALS + "/answers", true,
                        false));
            }
            if (spoolIds.isPresent()) {
                Path spool = prepareSpool(config.stateDir().resolve(sid).resolve("audit-spool"), spoolIds.get()[0],
                        spoolIds.get()[1]);
                undo.push(() -> deleteTree(config.stateDir().resolve(sid)));
                mounts.add(new ContainerSpec.Mount(spool.toString(), AUDIT_SPOOL, false, false));
            }
            Optional<String> brokerId = Optional.empty();
            if (brokerSpec.isPresent()) {
                brokerId = Optional.of(startBroker(e, spec.broker().get(), brokerSpec.get(), network, undo));
            }
            long nanoCpus = Math.round(spec.limits().cpus() * 1e9);
            ContainerSpec agentSpec = new ContainerSpec(prefix + "-agent", agentImage,
                    labels(sid, wsHash, spec.provider(), "agent"), Optional.empty(), List.of(), env, network, dns,
                    List.of(), mounts, List.of("SETUID", "SETGID"), false, Map.of(), true, spec.limits().memoryBytes(),
                    nanoCpus, spec.limits().pids(), Optional.of("/workspace"))
                    .withSysctls(enforced ? NO_IPV6 : Map.of());
            List<SandboxFile> agentFiles = withDefaults(spec.files(), jvmFiles);
            if (spec.broker().isPresent()) {
                // Again over the final spec: what the backend added (proxy, JVM settings) is covered too.
                spec.broker().get().requireNoSecrets(containerTexts(agentSpec, agentFiles));
            }
            // The volume before the agent that mounts it (and its undo below the agent's: removed after it).
            beside.join(volumeF, undo);
            String aid = e.createContainer(agentSpec);
            undo.push(() -> e.removeContainer(aid));
            Log.LOG.debug("launch: agent container created");
            e.putFiles(aid, agentFiles);
            Log.LOG.debug("launch: {} rendered files copied into the agent container", agentFiles.size());
            if (approvalKey.isPresent()) {
                e.putOwnedFiles(aid, List.of(approvalKey.get()), safetyIds.get()[0], safetyIds.get()[1]);
            }
            if (proxyF != null) {
                String pid = beside.join(proxyF, undo);
                proxyId = Optional.of(pid);
                startBoth(e, pid, aid);
                Log.LOG.debug("launch: proxy and agent started");
                waitReady(e, pid);
                Log.LOG.debug("launch: the egress proxy accepts connections");
            } else {
                e.start(aid);
            }
            if (!e.running(aid)) {
                throw new RuntimeBackendException(Kind.FAILED, "agent container exited at start: "
                        + tail(e.logs(aid, true, true), 10), "check the image with 'scc doctor'");
            }
            List<RuntimeObject> recorded = objects(aid, proxyId, networks);
            brokerId.ifPresent(b -> recorded.add(new RuntimeObject(CONTAINER, BROKER, b)));
            Session s = new Session(sid, ID, spec.workspace(), wsHash, spec.team(), spec.provider(), spec.posture(),
                    recorded, digests, spec.policyFingerprint(), clock.instant(), Optional.empty());
            store.save(s);
            return s;
        } catch (RuntimeException failure) {
            beside.settle(undo, failure);
            rollback(undo, failure);
            if (failure instanceof RuntimeBackendException rbe && rbe.kind() == Kind.CONFLICT) {
                throw new RuntimeBackendException(Kind.CONFLICT, "name clash while creating session " + sid + ": "
                        + rbe.getMessage(), "remove the conflicting container or network, or run 'scc prune'", failure);
            }
            throw failure;
        }
    }


    /** A credential broker needs the session network: the agent reaches it there, and only it has no way out. */
    private static void requireBrokerPosture(LaunchSpec spec) {
        if (spec.broker().isPresent() && spec.posture() != NetworkPosture.WEB_EGRESS_ENFORCED) {
            throw new RuntimeBackendException(Kind.REFUSED, "the org brokers credentials ("
                    + String.join(", ", spec.broker().get().credentialNames()) + "), and the credential broker runs only"
                    + " beside a " + NetworkPosture.WEB_EGRESS_ENFORCED.id() + " session; network posture "
                    + spec.posture().id() + " has no session network for it, and no credential is passed into the"
                    + " sandbox instead", "use network posture " + NetworkPosture.WEB_EGRESS_ENFORCED.id());
        }
    }

    /**
     * The broker's container: the proxy image's JVM running {@code BrokerMain} from the host's class path (mounted
     * read-only), on the egress network and (as {@link CredentialBrokerSpec#HOST}) the session network; its
     * environment holds no credential (they arrive on standard input), it runs as the owner of the host's audit log.
     */
    ContainerSpec brokerContainer(CredentialBrokerSpec b, String sid, String wsHash, String provider,
            boolean approvals) {
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        List<String> cp = new ArrayList<>();
        int i = 0;
        for (String entry : b.classpath()) {
            boolean dirOfJars = entry.endsWith("/*");
            String host = dirOfJars ? entry.substring(0, entry.length() - 2) : entry;
            String target = BROKER_CLASSPATH_DIR + "/" + i++ + (host.endsWith(".jar") ? ".jar" : "");
            mounts.add(new ContainerSpec.Mount(host, target, true, false));
            cp.add(dirOfJars ? target + "/*" : target);
        }
        b.caBundle().ifPresent(ca -> mounts.add(new ContainerSpec.Mount(ca.toString(), ca.toString(), true, false)));
        Path auditDir = b.auditLog().toAbsolutePath().getParent();
        mounts.add(new ContainerSpec.Mount(auditDir.toString(), BROKER_AUDIT_DIR, false, false));
        List<String> argv = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx192m",
                "-cp", String.join(":", cp), "dev.scc.broker.BrokerMain", "--org", BROKER_ORG_DIR + "/"
                + b.orgFileName(), "--session", sid, "--listen", "0.0.0.0:" + CredentialBrokerSpec.PORT, "--audit",
                BROKER_AUDIT_DIR + "/" + b.auditLog().getFileName()));
        b.team().ifPresent(t -> argv.addAll(List.of("--team", t)));
        if (approvals && b.approvals()) {
            Path dir = config.stateDir().resolve(sid).resolve("approvals");
            mounts.add(new ContainerSpec.Mount(dir.toString(), BROKER_APPROVALS, false, false));
            argv.addAll(List.of("--approvals", BROKER_APPROVALS));
        }
        // Its read-only root file system takes no copied files: the org document (no secret in it) is mounted.
        mounts.add(new ContainerSpec.Mount(brokerOrgFile(sid, b.orgFileName()).toString(), BROKER_ORG_DIR + "/"
                + b.orgFileName(), true, false));
        Map<String, String> labels = labels(sid, wsHash, provider, BROKER);
        return new ContainerSpec("scc-" + sid + "-" + BROKER, config.images().proxy(), labels,
                Optional.of(ownerOf(auditDir)), List.of(), Map.of("HOME", b.home()), config.egressNetwork(),
                config.proxyDns(), config.proxyExtraHosts(), mounts, List.of(), true,
                Map.of("/tmp", "rw,nosuid,nodev,size=64m"), true, 384L << 20, 1_000_000_000L, 256, Optional.empty())
                .withEntrypointAndStdin(argv);
    }

    /** Where the session's org document for the broker lives on the host (under the session's state directory). */
    private Path brokerOrgFile(String sid, String name) {
        return config.stateDir().resolve(sid).resolve("broker").resolve(name);
    }

    /** {@code uid:gid} of {@code dir} (created if missing): the broker appends to the audit log as its owner. */
    private static String ownerOf(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (java.io.IOException | UnsupportedOperationException ex) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot prepare the audit log directory " + dir + " for the"
                    + " credential broker: " + ex.getMessage(), "check that the state directory is writable", ex);
        }
    }

    /** Creates and starts the broker, its credentials written to its standard input; waits until it listens. */
    private String startBroker(Engine e, CredentialBrokerSpec b, ContainerSpec spec, String sessionNetwork,
            Deque<Runnable> undo) {
        String sid = spec.labels().get(Labels.SESSION);
        Path org = brokerOrgFile(sid, b.orgFileName());
        undo.push(() -> deleteTree(config.stateDir().resolve(sid)));
        try {
            Files.createDirectories(org.getParent());
            Files.write(org, b.orgDocument());
            Files.setPosixFilePermissions(org, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (java.io.IOException ex) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot write the broker's org document " + org + ": "
                    + ex.getMessage(), "check that the state directory is writable", ex);
        }
        String bid = e.createContainer(spec);
        undo.push(() -> e.removeContainer(bid));
        e.connect(sessionNetwork, bid, List.of(CredentialBrokerSpec.HOST));
        e.startWithStdin(bid, b.handoff().get());
        long deadline = System.nanoTime() + Math.max(30_000L, config.proxyReadyTimeoutMillis()) * 1_000_000L;
        while (true) {
            String logs = e.logs(bid, false, true);
            if (logs.contains(BROKER_READY_LINE)) {
                return bid;
            }
            if (!e.running(bid)) {
                throw new RuntimeBackendException(Kind.FAILED, "the credential broker exited at start: "
                        + tail(e.logs(bid, true, true), 8), "check the org's broker section with 'scc config explain'"
                        + " and the proxy image with 'scc doctor'; nothing was passed into the sandbox instead");
            }
            if (System.nanoTime() > deadline) {
                throw new RuntimeBackendException(Kind.FAILED, "the credential broker did not listen within "
                        + Math.max(30_000L, config.proxyReadyTimeoutMillis()) + " ms", "check 'scc doctor' and the"
                        + " engine's load; nothing was passed into the sandbox instead");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new RuntimeBackendException(Kind.FAILED, "interrupted while waiting for the credential broker", "");
            }
        }
    }

    /** What the spec gives the agent and the broker's container, as texts for the no-secret check. */
    private Map<String, String> agentTexts(LaunchSpec spec, Map<String, String> agentLabels, ContainerSpec broker) {
        Map<String, String> t = new LinkedHashMap<>();
        spec.env().forEach((k, v) -> t.put("the agent's environment variable " + k, k + "=" + v));
        agentLabels.forEach((k, v) -> t.put("the agent's label " + k, k + "=" + v));
        t.put("the agent's command", String.join(" ", agentCommand(spec.provider(), spec.resume())));
        for (SandboxFile f : spec.files()) {
            t.put("the agent's file " + f.containerPath(), new String(f.content(), StandardCharsets.UTF_8));
        }
        t.putAll(containerTexts(broker, List.of()));
        return t;
    }

    /** A container's environment, labels, command and files as texts, each named for the check's message. */
    static Map<String, String> containerTexts(ContainerSpec c, List<SandboxFile> files) {
        Map<String, String> t = new LinkedHashMap<>();
        c.env().forEach((k, v) -> t.put(c.name() + "'s environment variable " + k, k + "=" + v));
        c.labels().forEach((k, v) -> t.put(c.name() + "'s label " + k, k + "=" + v));
        t.put(c.name() + "'s command", String.join(" ", c.entrypoint().orElse(List.of())) + " " + String.join(" ",
                c.cmd()));
        for (SandboxFile f : files) {
            t.put(c.name() + "'s file " + f.containerPath(), new String(f.content(), StandardCharsets.UTF_8));
        }
        return t;
    }

    /** {@code files} plus each default whose path the launch does not place itself. */
    private static List<SandboxFile> withDefaults(List<SandboxFile> files, List<SandboxFile> defaults) {
        Set<String> placed = new HashSet<>();
        files.forEach(f -> placed.add(f.containerPath()));
        List<SandboxFile> all = new ArrayList<>(files);
        defaults.stream().filter(d -> !placed.contains(d.containerPath())).forEach(all::add);
        return all;
    }

    private static <T> java.util.concurrent.CompletableFuture<T> async(Supplier<T> op) {
        return java.util.concurrent.CompletableFuture.supplyAsync(op);
    }

    /** The future's value, or the exception it failed with (unwrapped). */
    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw ex;
        }
    }

    /** Starts proxy and agent concurrently: each start is a round trip the engine serves in parallel. */
    private static void startBoth(Engine e, String proxy, String agent) {
        java.util.concurrent.CompletableFuture<Void> p = java.util.concurrent.CompletableFuture.runAsync(() -> e.start(proxy));
        RuntimeException agentFailure = null;
        try {
            e.start(agent);
        } catch (RuntimeException ex) {
            agentFailure = ex;
        }
        try {
            p.join();
        } catch (java.util.concurrent.CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException re) {
                if (agentFailure != null) {
                    re.addSuppressed(agentFailure);
                }
                throw re;
            }
            throw ex;
        }
        if (agentFailure != null) {
            throw agentFailure;
        }
    }

    /**
     * Engine calls a launch runs beside its main line. Each call's undo step is pushed onto the launch's undo stack
     * when it is joined and has succeeded; after a failure elsewhere, {@link #settle} waits for the ones still running,
     * so a rollback also removes what they created.
     */
    private static final class Beside {
        private final Map<java.util.concurrent.CompletableFuture<String>, java.util.function.Function<String, Runnable>>
                pending = new LinkedHashMap<>();

        java.util.concurrent.CompletableFuture<String> run(Supplier<String> op,
                java.util.function.Function<String, Runnable> undoOf) {
            var f = async(op);
            pending.put(f, undoOf);
            return f;
        }

        /** The call's result, its undo step pushed (none for a future not started here); its failure thrown as it is. */
        String join(java.util.concurrent.CompletableFuture<String> f, Deque<Runnable> undo) {
            var undoOf = pending.remove(f);
            String r = DockerRuntimeBackend.join(f);
            if (undoOf != null) {
                undo.push(undoOf.apply(r));
            }
            return r;
        }

        /** Waits for the calls not joined yet: the undo steps of those that succeeded pushed, other failures kept. */
        void settle(Deque<Runnable> undo, RuntimeException failure) {
            for (var f : List.copyOf(pending.keySet())) {
                try {
                    join(f, undo);
                } catch (RuntimeException other) {
                    if (other != failure) {
                        failure.addSuppressed(other);
                    }
                }
            }
        }
    }

    private static void removeQuietly(Engine e, String container, RuntimeException failure) {
        try {
            e.removeContainer(container);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private static void rollback(Deque<Runnable> undo, RuntimeException failure) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }

    private String checkedImage(Engine e, String ref, String buildFlag) {
        return checkedImageInfo(e, ref, buildFlag).id();
    }

    private Engine.ImageInfo checkedImageInfo(Engine e, String ref, String buildFlag) {
        Engine.ImageInfo info = e.image(ref).orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                "image " + ref + " is not present in the engine", "build it with 'scc image build " + buildFlag + "'"));
        config.blockedBaseImages().checkRun(ref, info.labels());
        return info;
    }

    /**
     * Fails closed when the agent image was not built to wrap a program the enforced command rules name
     * ({@link DockerBackendConfig#wrappedPrograms()} against its {@value ImageNames#WRAPPED_PROGRAMS_LABEL} label; an
     * image from before the label wraps none): that rule would otherwise be judged by the native hook alone, and a
     * script running the program by its path would step around it. The fix is the build that reads the same rules.
     */
    private void requireWrapped(String ref, Engine.ImageInfo info, String provider) {
        missingWrappers(config.wrappedPrograms(), info.labels().get(ImageNames.WRAPPED_PROGRAMS_LABEL)).ifPresent(missing -> {
            throw new RuntimeBackendException(Kind.UNAVAILABLE, "image " + ref + " was not built to wrap "
                    + String.join(", ", missing) + ", which the org's command rules name: a script running "
                    + (missing.size() == 1 ? "it" : "them") + " by path would step around those rules (the image wraps "
                    + wrappedText(info.labels().get(ImageNames.WRAPPED_PROGRAMS_LABEL)) + ")",
                    "rebuild the images for the connected org and team: 'scc image build --provider " + provider
                            + "' (or with the --org and --team this launch used)");
        });
    }

    /** The required programs an image's label does not list, in name order; empty when it lists them all. */
    static Optional<List<String>> missingWrappers(java.util.Set<String> required, String label) {
        java.util.Set<String> has = new java.util.TreeSet<>();
        if (label != null) {
            for (String n : label.trim().split("\\s+")) {
                if (!n.isEmpty()) {
                    has.add(n);
                }
            }
        }
        List<String> missing = new java.util.TreeSet<>(required).stream().filter(p -> !has.contains(p)).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
    }

    private static String wrappedText(String label) {
        return label == null || label.isBlank() ? "only the programs every image wraps"
                : "only " + label.trim().replaceAll("\\s+", ", ") + " beyond the programs every image wraps";
    }

    /** The evaluator's uid and gid, which scc-base declares in labels; without them approvals cannot be wired. */
    private static int[] safetyIds(String ref, Engine.ImageInfo info) {
        try {
            return new int[] {Integer.parseInt(info.labels().get(SAFETY_UID_LABEL)),
                    Integer.parseInt(info.labels().get(SAFETY_GID_LABEL))};
        } catch (RuntimeException ex) {
            throw new RuntimeBackendException(Kind.INVALID, "image " + ref + " does not declare its evaluator user ("
                    + SAFETY_UID_LABEL + ", " + SAFETY_GID_LABEL + " labels), so approvals cannot be wired into it",
                    "rebuild the images with 'scc image build', or turn approvals off (SCC_APPROVALS)");
        }
    }

    private static Optional<int[]> declaredSafetyIds(Engine.ImageInfo info) {
        try {
            return Optional.of(new int[] {Integer.parseInt(info.labels().get(SAFETY_UID_LABEL)),
                    Integer.parseInt(info.labels().get(SAFETY_GID_LABEL))});
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** The session's verdict spool on the host, owned by the evaluator's uid (or open, where the host may not chown). */
    static Path prepareSpool(Path dir, int uid, int gid) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setAttribute(dir, "unix:uid", uid);
                Files.setAttribute(dir, "unix:gid", gid);
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (java.io.IOException | UnsupportedOperationException notRoot) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            return dir;
        } catch (java.io.IOException ex) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot prepare the verdict spool " + dir + ": "
                    + ex.getMessage(), "check that the state directory is writable", ex);
        }
    }

    /**
     * The session's approval directory on the host: {@code requests/} for the evaluator to write (its uid owns
     * it; a host that may not chown, such as a rootless engine's user, opens it instead: in the container it sits
     * under a directory only root and the evaluator's group may traverse), {@code answers/} for the host's
     * answers, and a fresh 256-bit key in the format of {@code dev.scc.policy.approval.ApprovalStore}
     * (64 hex digits and a newline, mode 0600). Returns the key's bytes.
     */
    static byte[] prepareApprovals(Path dir, int uid, int gid) {
        try {
            Path requests = Files.createDirectories(dir.resolve("requests"));
            Files.createDirectories(dir.resolve("answers"));
            try {
                Files.setAttribute(requests, "unix:uid", uid);
                Files.setAttribute(requests, "unix:gid", gid);
                Files.setPosixFilePermissions(requests, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (java.io.IOException | UnsupportedOperationException notRoot) {
                Files.setPosixFilePermissions(requests, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            Path key = dir.resolve("key");
            if (!Files.exists(key)) {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                Path tmp = Files.createTempFile(dir, ".key", ".tmp", java.nio.file.attribute.PosixFilePermissions
                        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, HexFormat.of().formatHex(k) + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, key, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readAllBytes(key);
        } catch (java.io.IOException ex) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot prepare the approval directory " + dir + ": "
                    + ex.getMessage(), "check that the state directory is writable", ex);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private void waitReady(Engine e, String proxyId) {
        long deadline = System.nanoTime() + config.proxyReadyTimeoutMillis() * 1_000_000L;
        while (true) {
            String logs = e.logs(proxyId, false, true);
            if (logs.contains(READY_LINE)) {
                return;
            }
            if (!e.running(proxyId)) {
                throw new RuntimeBackendException(Kind.FAILED, "the egress proxy exited at start: "
                        + tail(e.logs(proxyId, true, true), 8), "check the proxy image with 'scc doctor'");
            }
            if (System.nanoTime() > deadline) {
                throw new RuntimeBackendException(Kind.FAILED, "the egress proxy did not accept connections within "
                        + config.proxyReadyTimeoutMillis() + " ms", "check 'scc doctor' and the engine's load");
            }
            try {
                // Squid is ready within about half a second; a short fixed poll keeps the overshoot small.
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new RuntimeBackendException(Kind.FAILED, "interrupted while waiting for the egress proxy", "");
            }
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private Session resume(String sid, Engine.Obj agent) {
        Engine e = engine();
        Session s = store.find(sid).orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                "a container of session " + sid + " exists but its record is missing from " + store.dir(),
                "stop it with 'scc stop " + sid + "' and start again"));
        for (Engine.Obj c : e.containers(Map.of(Labels.MANAGED, "true", Labels.SESSION, sid))) {
            if (!c.running() && "proxy".equals(c.labels().get(Labels.ROLE))) {
                e.start(c.id());
                waitReady(e, c.id());
            }
        }
        if (!agent.running()) {
            e.start(agent.id());
        }
        return s;
    }

    @Override
    public List<Session> sessions() {
        return store.all();
    }

    @Override
    public Optional<Session> session(String idOrPrefix) {
        return store.find(idOrPrefix);
    }

    /** True when the session's agent container exists and runs. */
    @Override
    public boolean running(Session s) {
        return engine().running(agentContainer(s));
    }

    @Override
    public Session stop(String sessionId) {
        Engine e = engine();
        Optional<Session> rec = store.find(sessionId);
        String sid = rec.map(Session::id).orElse(sessionId);
        List<Engine.Obj> containers = e.containers(Map.of(Labels.MANAGED, "true", Labels.SESSION, sid));
        List<Engine.Obj> networks = e.networks(Map.of(Labels.MANAGED, "true", Labels.SESSION, sid));
        if (rec.isEmpty()) {
            throw new RuntimeBackendException(Kind.NOT_FOUND, "no session '" + sessionId + "'"
                    + (containers.isEmpty() ? "" : " on record (its objects remain; 'scc prune' removes them)"),
                    "list sessions with 'scc sessions'");
        }
        // Agent first, so nothing is left that could use the proxy; then the proxy, then the networks.
        containers.stream().filter(c -> "agent".equals(c.labels().get(Labels.ROLE))).forEach(c -> e.removeContainer(c.id()));
        containers.stream().filter(c -> !"agent".equals(c.labels().get(Labels.ROLE))).forEach(c -> e.removeContainer(c.id()));
        networks.forEach(n -> e.removeNetwork(n.id()));
        Session s = rec.get();
        ProtectedMounts.removePin(s.workspace());
        if (s.live()) {
            s = s.stopped(clock.instant());
            store.save(s);
        }
        return s;
    }

    /** What {@link #prune()} removes; with {@code dryRun} only listed, nothing removed or marked stopped. */
    @Override
    public PruneReport prune(boolean dryRun) {
        Engine e = engine();
        Map<String, String> managed = Map.of(Labels.MANAGED, "true");
        List<Engine.Obj> containers = e.containers(managed);
        // Live: the agent container runs (whoever's state dir recorded it: the engine may be shared), or it exists
        // and this store has a live record for it (a stopped engine keeps resumable sessions).
        Set<String> withAgent = new HashSet<>();
        Set<String> live = new HashSet<>();
        containers.stream().filter(c -> "agent".equals(c.labels().get(Labels.ROLE))).forEach(c -> {
            withAgent.add(c.labels().get(Labels.SESSION));
            if (c.running()) {
                live.add(c.labels().get(Labels.SESSION));
            }
        });
        List<String> closed = new ArrayList<>();
        for (Session s : store.all()) {
            if (!s.live()) {
                continue;
            }
            if (withAgent.contains(s.id())) {
                live.add(s.id());
            } else {
                if (!dryRun) {
                    store.save(s.stopped(clock.instant()));
                }
                closed.add(s.id());
            }
        }
        List<RuntimeObject> removed = new ArrayList<>();
        for (Engine.Obj c : containers) {
            if (!live.contains(c.labels().get(Labels.SESSION))) {
                if (!dryRun) {
                    e.removeContainer(c.id());
                }
                removed.add(new RuntimeObject(CONTAINER, c.labels().getOrDefault(Labels.ROLE, ""), c.name()));
            }
        }
        for (Engine.Obj n : e.networks(managed)) {
            if (!live.contains(n.labels().get(Labels.SESSION))) {
                if (!dryRun) {
                    e.removeNetwork(n.id());
                }
                removed.add(new RuntimeObject(NETWORK, NETWORK, n.name()));
            }
        }
        // A provider home volume outlives its creating session while another live session of the workspace uses it.
        Set<String> liveWorkspaces = new HashSet<>();
        containers.stream().filter(c -> live.contains(c.labels().get(Labels.SESSION)))
                .forEach(c -> liveWorkspaces.add(c.labels().get(Labels.WORKSPACE)));
        for (Engine.Obj v : e.volumes(managed)) {
            if (!live.contains(v.labels().get(Labels.SESSION)) && !liveWorkspaces.contains(v.labels().get(Labels.WORKSPACE))) {
                if (!dryRun) {
                    e.removeVolume(v.name());
                }
                removed.add(new RuntimeObject("volume", v.labels().getOrDefault(Labels.ROLE, ""), v.name()));
            }
        }
        return new PruneReport(removed, closed);
    }

    @Override
    public List<NetworkDenial> networkLog(String sessionId) {
        return proxyDenials(sessionId).stream().map(d -> new NetworkDenial(d.time(), d.client(), d.method(),
                d.target(), d.status(), d.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                d.reason().explanation())).toList();
    }

    /** Requests the session's proxy refused, oldest first, each with its (typed) reason. */
    public List<ProxyDenial> proxyDenials(String sessionId) {
        Session s = store.find(sessionId).orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                "no session '" + sessionId + "'", "list sessions with 'scc sessions'"));
        if (proxyContainer(s).isEmpty()) {
            throw new RuntimeBackendException(Kind.INVALID, "session " + s.id() + " runs under " + s.posture().id()
                    + ", which has no egress proxy and so no network log", "");
        }
        Engine e = engine();
        Engine.Obj proxy = e.containers(Map.of(Labels.MANAGED, "true", Labels.SESSION, s.id(), Labels.ROLE, "proxy"))
                .stream().findFirst().orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                        "the egress proxy of session " + s.id() + " no longer exists (stopped sessions keep no log)", ""));
        String allowed = proxy.labels().getOrDefault("scc.allowlist", "");
        EgressAllowlist allow = EgressAllowlist.of(allowed.isBlank() ? List.of() : List.of(allowed.split(",")));
        return parseDenials(e.logs(proxy.id(), true, false), allow);
    }

    static List<ProxyDenial> parseDenials(String accessLog, EgressAllowlist allow) {
        List<ProxyDenial> out = new ArrayList<>();
        for (String line : accessLog.lines().toList()) {
            Matcher m = ACCESS_LINE.matcher(line);
            if (m.matches() && m.group(3).contains("DENIED")) {
                out.add(new ProxyDenial(m.group(1), m.group(2), m.group(5), m.group(6), Integer.parseInt(m.group(4)),
                        DenialReason.classify(m.group(5), m.group(6), allow)));
            }
        }
        return List.copyOf(out);
    }

    /** Runs a command in the session's agent container as the agent user (tests, readiness, doctor). */
    public Engine.ExecResult execInAgent(Session s, List<String> argv) {
        return engine().exec(agentContainer(s), config.agentUser(), argv);
    }

    @Override
    public ExecResult exec(Session s, List<String> argv) {
        Engine.ExecResult r = execInAgent(s, argv);
        return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
    }

    @Override
    public long attach(Session s, List<String> argv, java.io.InputStream in, java.io.OutputStream out) {
        return engine().execInteractive(agentContainer(s), config.agentUser(), "/workspace", argv, in, out);
    }

    @Override
    public String logs(Session s, LogSource source) {
        Optional<String> container = source == LogSource.AGENT ? Optional.of(agentContainer(s)) : proxyContainer(s);
        if (container.isEmpty()) {
            return "";
        }
        try {
            return engine().logs(container.get(), true, true);
        } catch (RuntimeBackendException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return "";
            }
            throw e;
        }
    }

    /**
     * The provider's non-interactive command for one prompt ({@link AgentProvider#headlessCommand}), with the same
     * permission bypass as {@link #agentCommand} (the container is the sandbox).
     */
    @Override
    public List<String> headlessCommand(String provider, String prompt) {
        return providers().get(provider).headlessCommand(prompt).orElseThrow(() -> new RuntimeBackendException(
                Kind.INVALID, "provider '" + provider + "' has no headless prompt mode known to SCC",
                "run it interactively with 'scc start'"));
    }

    /** Runs the agent once with {@code prompt} as the agent user, without a terminal; returns what it printed. */
    public Engine.ExecResult runHeadless(Session s, String prompt) {
        return engine().exec(agentContainer(s), config.agentUser(), headlessCommand(s.provider(), prompt));
    }

    /** Runs a command in the session's proxy container (tests read Squid's DNS statistics this way). */
    public Engine.ExecResult execInProxy(Session s, List<String> argv) {
        String id = proxyContainer(s).orElseThrow(() -> new RuntimeBackendException(Kind.INVALID,
                "session " + s.id() + " has no proxy", ""));
        return engine().exec(id, "proxy", argv);
    }

    /** Image presence (id or empty) for the doctor. */
    public Optional<String> imageId(String ref) {
        return engine().image(ref).map(Engine.ImageInfo::id);
    }

    /** The engine address and the session store, for debug logs. */
    @Override
    public String toString() {
        return "docker backend at " + config.dockerHost() + ", sessions in " + config.stateDir();
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            if (ownsEngine) {
                engine.close();
            }
            engine = null;
        }
    }
}
