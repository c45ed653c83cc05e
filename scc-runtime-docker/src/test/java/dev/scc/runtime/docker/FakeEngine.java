package dev.scc.runtime.docker;

import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.runtime.docker.internal.ContainerSpec;
import dev.scc.runtime.docker.internal.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** An in-memory engine: records what was created and removed, and fails on command. */
final class FakeEngine implements Engine {
    final Map<String, ImageInfo> images = new LinkedHashMap<>();
    final Map<String, ContainerSpec> containers = new LinkedHashMap<>();
    final Map<String, Boolean> runningState = new LinkedHashMap<>();
    final Map<String, Map<String, String>> networks = new LinkedHashMap<>();
    final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
    final Map<String, List<SandboxFile>> files = new LinkedHashMap<>();
    final Map<String, List<SandboxFile>> owned = new LinkedHashMap<>();
    final Map<String, String> owners = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    String failOn = "";
    String proxyLog = "2026/01/01 00:00:00| Accepting HTTP Socket connections at conn2\n";
    int seq;
    /** Containers whose name ends with this never run (they "exit" at start). */
    String deadOnStart = "\0";

    private void maybeFail(String op) {
        calls.add(op);
        if (!failOn.isEmpty() && op.startsWith(failOn)) {
            throw new RuntimeBackendException(Kind.FAILED, "injected failure at " + op, "");
        }
    }

    @Override public synchronized Version version() { maybeFail("version"); return new Version("20.10.24", "1.41"); }

    @Override public synchronized Optional<ImageInfo> image(String ref) { return Optional.ofNullable(images.get(ref)); }

    @Override public synchronized String createNetwork(String name, boolean internal, Map<String, String> labels) {
        maybeFail("createNetwork " + name);
        networks.put(name, labels);
        return name;
    }

    @Override public synchronized String createVolume(String name, Map<String, String> labels) {
        maybeFail("createVolume " + name);
        volumes.put(name, labels);
        return name;
    }

    @Override public synchronized String createContainer(ContainerSpec spec) {
        maybeFail("createContainer " + spec.name());
        if (containers.containsKey(spec.name())) {
            throw new RuntimeBackendException(Kind.CONFLICT, "create container " + spec.name() + ": name in use", "");
        }
        containers.put(spec.name(), spec);
        runningState.put(spec.name(), false);
        return spec.name();
    }

    @Override public synchronized void putFiles(String id, List<SandboxFile> f) { maybeFail("putFiles " + id); files.put(id, f); }

    @Override public synchronized void putOwnedFiles(String id, List<SandboxFile> f, int uid, int gid) {
        maybeFail("putOwnedFiles " + id);
        owned.put(id, f);
        owners.put(id, uid + ":" + gid);
    }

    @Override public synchronized void connect(String net, String id) { maybeFail("connect " + id + " " + net); }

    @Override public synchronized void start(String id) { maybeFail("start " + id); runningState.put(id, true); }

    final Map<String, byte[]> stdins = new LinkedHashMap<>();
    String brokerLog = "scc-broker: listening on /0.0.0.0:8080 for 1 destination(s)\n";

    @Override public synchronized void connect(String net, String id, List<String> aliases) {
        maybeFail("connect " + id + " " + net + " as " + aliases);
    }

    @Override public synchronized void startWithStdin(String id, byte[] stdin) {
        maybeFail("startWithStdin " + id);
        stdins.put(id, stdin);
        runningState.put(id, true);
    }

    @Override public synchronized String ipOn(String id, String net) { maybeFail("ipOn " + id); return "10.200.0." + (++seq); }

    @Override public synchronized boolean running(String id) {
        return !id.endsWith(deadOnStart) && runningState.getOrDefault(id, false);
    }

    @Override public synchronized String logs(String id, boolean out, boolean err) {
        return id.endsWith("-proxy") ? proxyLog : id.endsWith("-broker") ? brokerLog : "";
    }

    @Override public synchronized ExecResult exec(String id, String user, List<String> argv) { return new ExecResult(0, "", ""); }

    @Override public synchronized long execInteractive(String id, String user, String workdir, List<String> argv,
            java.io.InputStream in, java.io.OutputStream out) {
        calls.add("execInteractive " + id + " " + argv);
        return 0;
    }

    @Override public synchronized void removeContainer(String id) {
        calls.add("removeContainer " + id);
        containers.remove(id);
        runningState.remove(id);
    }

    @Override public synchronized void removeNetwork(String id) { calls.add("removeNetwork " + id); networks.remove(id); }

    @Override public synchronized void removeVolume(String name) { calls.add("removeVolume " + name); volumes.remove(name); }

    private static boolean matches(Map<String, String> have, Map<String, String> want) {
        return want.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }

    @Override public synchronized List<Obj> containers(Map<String, String> labels) {
        return containers.values().stream().filter(c -> matches(c.labels(), labels))
                .map(c -> new Obj(c.name(), c.name(), c.labels(), running(c.name()))).toList();
    }

    @Override public synchronized List<Obj> networks(Map<String, String> labels) {
        return networks.entrySet().stream().filter(e -> matches(e.getValue(), labels))
                .map(e -> new Obj(e.getKey(), e.getKey(), e.getValue(), false)).toList();
    }

    @Override public synchronized List<Obj> volumes(Map<String, String> labels) {
        return volumes.entrySet().stream().filter(e -> matches(e.getValue(), labels))
                .map(e -> new Obj(e.getKey(), e.getKey(), e.getValue(), false)).toList();
    }

    @Override public synchronized String build(Path context, String tag, Map<String, String> args, Map<String, String> labels,
            boolean networkNone, Consumer<String> progress) {
        calls.add("build " + tag + " " + args);
        if (!failOn.isEmpty() && ("build " + tag).startsWith(failOn)) {
            throw new RuntimeBackendException(Kind.FAILED, "injected failure at build " + tag, "");
        }
        progress.accept("Step 1/1 : FROM " + args.getOrDefault("BASE_IMAGE", args.get("BASE")));
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(Labels.BASE_IMAGE, args.getOrDefault("BASE_IMAGE", "x"));
        images.put(tag, new ImageInfo("sha256:" + tag, all));
        return "sha256:" + tag;
    }

    /** How often the client was closed. */
    int closes;

    @Override public synchronized void close() { closes++; }

    /** Nothing SCC-labelled remains. */
    boolean empty() {
        return containers.isEmpty() && networks.isEmpty() && volumes.isEmpty();
    }
}
