package dev.scc.testkit.runtime;

import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.Availability;
import dev.scc.core.runtime.ExecResult;
import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.LogSource;
import dev.scc.core.runtime.NetworkDenial;
import dev.scc.core.runtime.PruneReport;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.Session;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RuntimeBackend} whose engine is a map in memory: for tests of code written against the SPI (the CLI, the
 * application layer) and as the reference that {@code RuntimeContract} is checked against. Instances made on one
 * {@link World} see each other's sessions and objects, like two processes on one engine and state directory.
 *
 * <p>A session is a sandbox ({@code sandbox}/{@code agent}) and, under {@code web-egress-enforced}, an egress gate
 * ({@code gate}/{@code proxy}) with a network between them. {@link #exec} understands {@code echo ARGS},
 * {@code true}, {@code false} and {@code sh -c "exit N"}; anything else exits 127.
 */
public final class InMemoryRuntimeBackend implements RuntimeBackend {
    public static final String ID = "in-memory";

    /** The shared "engine and state directory": objects by name with the session owning them, session records. */
    public static final class World {
        final Map<String, String> objects = new LinkedHashMap<>();
        final Map<String, Boolean> running = new HashMap<>();
        final Map<String, Session> records = new LinkedHashMap<>();
        final Map<String, StringBuilder> logs = new HashMap<>();
        int nextId = 1;

        /** True while the world holds an object of this name. */
        public synchronized boolean exists(String name) {
            return objects.containsKey(name);
        }

        /** Names of the objects of sessions on {@code workspaceHash}. */
        public synchronized List<String> objectsOf(String workspaceHash) {
            List<String> out = new ArrayList<>();
            objects.forEach((name, ws) -> {
                if (ws.equals(workspaceHash)) {
                    out.add(name);
                }
            });
            return out;
        }

        /** Makes the session's sandbox vanish behind the backend's back (an engine restart, a manual removal). */
        public synchronized void lose(String name) {
            objects.remove(name);
            running.remove(name);
        }
    }

    private final World world;
    private final Clock clock;
    private final int failAfter;

    /** A backend on a world of its own (what {@link java.util.ServiceLoader} would make). */
    public InMemoryRuntimeBackend() {
        this(new World(), Clock.systemUTC(), -1);
    }

    /**
     * A backend on {@code world}; with {@code failAfter} &ge; 0 every launch fails after creating that many objects
     * (to check that a failed launch leaves nothing).
     */
    public InMemoryRuntimeBackend(World world, Clock clock, int failAfter) {
        this.world = world;
        this.clock = clock;
        this.failAfter = failAfter;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Availability availability() {
        return new Availability.Available("1", "1", "in-memory engine");
    }

    @Override
    public LaunchPlan plan(LaunchSpec spec) {
        validate(spec);
        String hash = Session.workspaceHash(spec.workspace());
        List<RuntimeObject> objects = new ArrayList<>();
        if (spec.posture() == NetworkPosture.WEB_EGRESS_ENFORCED) {
            objects.add(new RuntimeObject("network", "network", "mem-<id>-net"));
            objects.add(new RuntimeObject("gate", "proxy", "mem-<id>-gate"));
        }
        objects.add(new RuntimeObject("sandbox", Session.AGENT, "mem-<id>-sandbox"));
        return new LaunchPlan(spec, ID, hash, Map.of(Session.AGENT, "mem-image-" + spec.provider()), objects,
                List.of(new LaunchPlan.Mount(spec.workspace().toString(), "/workspace", "rw")),
                new ArrayList<>(spec.env().keySet()), agentCommand(spec.provider(), spec.resume()), Map.of());
    }

    private static void validate(LaunchSpec spec) {
        if (!Files.isDirectory(spec.workspace())) {
            throw new RuntimeBackendException(Kind.INVALID, "workspace " + spec.workspace() + " is not a directory",
                    "pass an existing directory");
        }
        if (spec.posture() == NetworkPosture.LOCKED_DOWN_WEB && spec.localModelEndpoint().isEmpty()) {
            throw new RuntimeBackendException(Kind.REFUSED, "locked-down-web gives the sandbox no network at all",
                    "configure a local model endpoint");
        }
    }

    @Override
    public Session launch(LaunchSpec spec) {
        validate(spec);
        String hash = Session.workspaceHash(spec.workspace());
        synchronized (world) {
            Optional<Session> existing = world.records.values().stream()
                    .filter(s -> s.live() && s.workspaceHash().equals(hash)).findFirst();
            if (existing.isPresent()) {
                if (spec.resume()) {
                    existing.get().objects().forEach(o -> world.running.put(o.name(), true));
                    return existing.get();
                }
                throw new RuntimeBackendException(Kind.CONFLICT, "workspace " + spec.workspace()
                        + " already has a live session " + existing.get().id(), "resume or stop it");
            }
            String sid = String.format("%012x", world.nextId++);
            Deque<String> undo = new ArrayDeque<>();
            try {
                List<RuntimeObject> objects = new ArrayList<>();
                for (RuntimeObject planned : plan(spec).objects()) {
                    if (failAfter >= 0 && undo.size() >= failAfter) {
                        throw new RuntimeBackendException(Kind.FAILED, "injected failure after " + failAfter
                                + " object(s)", "none: a test asked for it");
                    }
                    String name = planned.name().replace("<id>", sid);
                    world.objects.put(name, hash);
                    world.running.put(name, true);
                    undo.push(name);
                    objects.add(new RuntimeObject(planned.kind(), planned.role(), name));
                }
                // The agent's sandbox first, as the Session contract says.
                objects.sort(Comparator.comparing(o -> !o.role().equals(Session.AGENT)));
                world.logs.put(sid, new StringBuilder("session " + sid + " started\n"));
                Session s = new Session(sid, ID, spec.workspace(), hash, spec.team(), spec.provider(), spec.posture(),
                        objects, Map.of("mem-image-" + spec.provider(), "sha256:0"), spec.policyFingerprint(),
                        clock.instant(), Optional.empty());
                world.records.put(sid, s);
                return s;
            } catch (RuntimeException failure) {
                undo.forEach(world::lose);
                throw failure;
            }
        }
    }

    @Override
    public List<Session> sessions() {
        synchronized (world) {
            List<Session> all = new ArrayList<>(world.records.values());
            all.sort(Comparator.comparing(Session::startedAt).thenComparing(Session::id).reversed());
            return all;
        }
    }

    @Override
    public boolean running(Session s) {
        synchronized (world) {
            return s.object(Session.AGENT).map(o -> world.running.getOrDefault(o.name(), false)).orElse(false);
        }
    }

    private void requireSandbox(Session s) {
        if (!running(s)) {
            throw new RuntimeBackendException(Kind.NOT_FOUND, "the sandbox of session " + s.id() + " is gone",
                    "start it again with 'scc start --resume'");
        }
    }

    @Override
    public ExecResult exec(Session s, List<String> argv) {
        requireSandbox(s);
        if (argv.isEmpty()) {
            throw new RuntimeBackendException(Kind.INVALID, "empty command", "");
        }
        return switch (argv.get(0)) {
            case "echo" -> new ExecResult(0, String.join(" ", argv.subList(1, argv.size())) + "\n", "");
            case "true" -> new ExecResult(0, "", "");
            case "false" -> new ExecResult(1, "", "");
            case "sh" -> argv.size() == 3 && argv.get(1).equals("-c") && argv.get(2).matches("exit \\d+")
                    ? new ExecResult(Long.parseLong(argv.get(2).substring(5)), "", "")
                    : new ExecResult(127, "", "sh: only 'sh -c \"exit N\"' here\n");
            default -> new ExecResult(127, "", argv.get(0) + ": command not found\n");
        };
    }

    @Override
    public long attach(Session s, List<String> argv, InputStream in, OutputStream out) {
        ExecResult r = exec(s, argv);
        try {
            out.write(r.stdout().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return r.exitCode();
    }

    @Override
    public String logs(Session s, LogSource source) {
        synchronized (world) {
            if (source == LogSource.EGRESS) {
                return "";
            }
            return world.logs.getOrDefault(s.id(), new StringBuilder()).toString();
        }
    }

    @Override
    public List<NetworkDenial> networkLog(String sessionId) {
        Session s = session(sessionId).orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                "no session '" + sessionId + "'", "list sessions with 'scc sessions'"));
        if (s.posture() != NetworkPosture.WEB_EGRESS_ENFORCED) {
            throw new RuntimeBackendException(Kind.INVALID, "session " + s.id() + " runs under " + s.posture().id()
                    + ", which has no egress gate and so no network log", "");
        }
        return List.of();
    }

    @Override
    public Session stop(String sessionId) {
        synchronized (world) {
            Session s = session(sessionId).orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                    "no session '" + sessionId + "'", "list sessions with 'scc sessions'"));
            s.objects().forEach(o -> world.lose(o.name()));
            if (s.live()) {
                s = s.stopped(clock.instant());
                world.records.put(s.id(), s);
            }
            return s;
        }
    }

    @Override
    public PruneReport prune(boolean dryRun) {
        synchronized (world) {
            Set<String> live = new HashSet<>();
            List<String> closed = new ArrayList<>();
            for (Session s : world.records.values()) {
                if (s.live() && running(s)) {
                    live.add(s.id());
                } else if (s.live()) {
                    closed.add(s.id());
                }
            }
            Set<String> keep = new HashSet<>();
            world.records.values().stream().filter(s -> live.contains(s.id()))
                    .forEach(s -> s.objects().forEach(o -> keep.add(o.name())));
            List<RuntimeObject> removed = new ArrayList<>();
            for (String name : List.copyOf(world.objects.keySet())) {
                if (!keep.contains(name)) {
                    removed.add(new RuntimeObject("object", "", name));
                    if (!dryRun) {
                        world.lose(name);
                    }
                }
            }
            if (!dryRun) {
                closed.forEach(id -> world.records.put(id, world.records.get(id).stopped(clock.instant())));
            }
            return new PruneReport(removed, closed);
        }
    }

    @Override
    public List<String> agentCommand(String provider, boolean resume) {
        return resume ? List.of(provider, "--resume") : List.of(provider);
    }

    @Override
    public List<String> headlessCommand(String provider, String prompt) {
        return List.of("echo", prompt);
    }
}
