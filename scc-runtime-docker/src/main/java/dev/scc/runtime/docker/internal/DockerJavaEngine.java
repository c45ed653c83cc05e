package dev.scc.runtime.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** {@link Engine} on docker-java (core + zerodep transport). Honours {@code DOCKER_HOST}. */
public final class DockerJavaEngine implements Engine {
    private final DockerClient client;
    private final String host;

    public DockerJavaEngine(String dockerHost) {
        this.host = dockerHost;
        DockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(30))
                .build();
        this.client = DockerClientImpl.getInstance(cfg, http);
    }

    /** The engine address: DOCKER_HOST when set, else the local socket. */
    public static String hostFrom(Map<String, String> env) {
        String h = env.get("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    private <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (NotFoundException e) {
            throw new RuntimeBackendException(Kind.NOT_FOUND, what + ": " + firstLine(e), "");
        } catch (ConflictException e) {
            throw new RuntimeBackendException(Kind.CONFLICT, what + ": " + firstLine(e),
                    "remove the conflicting object or run 'scc prune'");
        } catch (DockerException e) {
            throw new RuntimeBackendException(Kind.FAILED, what + ": " + firstLine(e), "", e);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    private void run(String what, Runnable op) {
        call(what, () -> {
            op.run();
            return null;
        });
    }

    private RuntimeBackendException unavailable(Throwable e) {
        return new RuntimeBackendException(Kind.UNAVAILABLE,
                "cannot reach the Docker engine at " + host + " (" + rootMessage(e) + ")",
                "start the engine (dockerd, Docker Desktop, Colima, OrbStack) or point DOCKER_HOST at a running one",
                e);
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String firstLine(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int i = m.indexOf('\n');
        return (i < 0 ? m : m.substring(0, i)).trim();
    }

    @Override
    public Version version() {
        return call("engine version", () -> {
            com.github.dockerjava.api.model.Version v = client.versionCmd().exec();
            return new Version(v.getVersion(), v.getApiVersion());
        });
    }

    @Override
    public Optional<ImageInfo> image(String ref) {
        try {
            InspectImageResponse r = call("inspect image " + ref, () -> client.inspectImageCmd(ref).exec());
            Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of()
                    : r.getConfig().getLabels();
            return Optional.of(new ImageInfo(r.getId(), Map.copyOf(labels)));
        } catch (RuntimeBackendException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The bridge driver's option for a bridge without an IPv4 address on the host (Docker 20.10 and later). */
    public static final String INHIBIT_IPV4 = "com.docker.network.bridge.inhibit_ipv4";

    @Override
    public String createNetwork(String name, boolean internal, Map<String, String> labels) {
        // An internal network still gives the host's end of the bridge the gateway address, and every member a route
        // to it: any host service listening on all interfaces would be reachable without the proxy. Inhibiting the
        // bridge's IPv4 address leaves the members talking to each other and the host with no address on it.
        // (IPv6 is not enabled on these networks; members that must not reach the host's link-local address switch
        // IPv6 off with a sysctl, see ContainerSpec.sysctls.)
        Map<String, String> options = internal ? Map.of(INHIBIT_IPV4, "true") : Map.of();
        return call("create network " + name, () -> client.createNetworkCmd().withName(name).withDriver("bridge")
                .withInternal(internal).withOptions(options).withCheckDuplicate(true).withLabels(labels).exec()
                .getId());
    }

    @Override
    public String createVolume(String name, Map<String, String> labels) {
        return call("create volume " + name,
                () -> client.createVolumeCmd().withName(name).withLabels(labels).exec().getName());
    }

    @Override
    public String createContainer(ContainerSpec s) {
        List<Mount> mounts = new ArrayList<>();
        for (ContainerSpec.Mount m : s.mounts()) {
            mounts.add(new Mount().withType(m.volume() ? MountType.VOLUME : MountType.BIND).withSource(m.source())
                    .withTarget(m.target()).withReadOnly(m.readOnly()));
        }
        HostConfig hc = HostConfig.newHostConfig()
                .withNetworkMode(s.networkMode())
                .withCapDrop(Capability.ALL)
                .withCapAdd(s.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(s.readOnlyRootfs())
                .withInit(s.init())
                .withMounts(mounts);
        if (!s.sysctls().isEmpty()) {
            hc = hc.withSysctls(s.sysctls());
        }
        if (!s.dns().isEmpty()) {
            hc = hc.withDns(s.dns());
        }
        if (!s.extraHosts().isEmpty()) {
            hc = hc.withExtraHosts(s.extraHosts().toArray(String[]::new));
        }
        if (!s.tmpfs().isEmpty()) {
            hc = hc.withTmpFs(s.tmpfs());
        }
        if (s.memoryBytes() > 0) {
            hc = hc.withMemory(s.memoryBytes()).withMemorySwap(s.memoryBytes());
        }
        if (s.nanoCpus() > 0) {
            hc = hc.withNanoCPUs(s.nanoCpus());
        }
        if (s.pidsLimit() > 0) {
            hc = hc.withPidsLimit(s.pidsLimit());
        }
        HostConfig host = hc;
        List<String> env = new ArrayList<>();
        new TreeSet<>(s.env().keySet()).forEach(k -> env.add(k + "=" + s.env().get(k)));
        return call("create container " + s.name(), () -> {
            var cmd = client.createContainerCmd(s.image()).withName(s.name()).withLabels(s.labels()).withEnv(env)
                    .withHostConfig(host);
            if (!s.cmd().isEmpty()) {
                cmd = cmd.withCmd(s.cmd());
            }
            if (s.entrypoint().isPresent()) {
                cmd = cmd.withEntrypoint(s.entrypoint().get());
            }
            if (s.openStdin()) {
                cmd = cmd.withAttachStdin(true).withStdinOpen(true).withStdInOnce(true);
            }
            if (s.user().isPresent()) {
                cmd = cmd.withUser(s.user().get());
            }
            if (s.workingDir().isPresent()) {
                cmd = cmd.withWorkingDir(s.workingDir().get());
            }
            return cmd.exec().getId();
        });
    }

    @Override
    public void putFiles(String containerId, List<SandboxFile> files) {
        putOwnedFiles(containerId, files, 0, 0);
    }

    @Override
    public void putOwnedFiles(String containerId, List<SandboxFile> files, int uid, int gid) {
        if (files.isEmpty()) {
            return;
        }
        byte[] tar = tar(files, uid, gid);
        run("copy files into " + containerId, () -> client.copyArchiveToContainerCmd(containerId).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(tar)).exec());
    }

    /**
     * A tar of the files only, each owned by {@code uid:gid} (root for rendered files). No directory entries: the engine would re-own and re-mode an
     * existing directory from its entry (turning the agent's own ~/.claude root-owned); missing parents are
     * created root-owned 0755 by the engine.
     */
    static byte[] tar(List<SandboxFile> files) {
        return tar(files, 0, 0);
    }

    static byte[] tar(List<SandboxFile> files, int uid, int gid) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (SandboxFile f : files) {
                byte[] content = f.content();
                TarArchiveEntry e = new TarArchiveEntry(f.containerPath().substring(1));
                e.setMode(0100000 | f.effectiveMode());
                e.setIds(uid, gid);
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void connect(String network, String containerId, List<String> aliases) {
        run("connect " + containerId + " to " + network, () -> client.connectToNetworkCmd().withNetworkId(network)
                .withContainerId(containerId).withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec());
    }

    @Override
    public void startWithStdin(String containerId, byte[] stdin) {
        run("start " + containerId + " with its standard input", () -> {
            ResultCallback.Adapter<Frame> attached = new ResultCallback.Adapter<>();
            // Attached before the start, as 'docker run -i' does: the process reads the bytes, then end of file
            // (StdinOnce closes its standard input when this attach ends).
            client.attachContainerCmd(containerId).withStdIn(new ByteArrayInputStream(stdin)).withFollowStream(true)
                    .withStdOut(false).withStdErr(false).withLogs(false).exec(attached);
            try {
                attached.awaitStarted(10, TimeUnit.SECONDS);
                client.startContainerCmd(containerId).exec();
                attached.awaitCompletion(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    attached.close();
                } catch (IOException ignored) {
                    // the stream is gone either way
                }
            }
        });
    }

    @Override
    public void connect(String network, String containerId) {
        run("connect " + containerId + " to " + network,
                () -> client.connectToNetworkCmd().withNetworkId(network).withContainerId(containerId).exec());
    }

    @Override
    public void start(String containerId) {
        try {
            run("start container " + containerId, () -> client.startContainerCmd(containerId).exec());
        } catch (RuntimeBackendException e) {
            if (!(e.getCause() instanceof NotModifiedException)) {
                throw e;
            }
        }
    }

    @Override
    public String ipOn(String containerId, String networkName) {
        return call("inspect container " + containerId, () -> {
            InspectContainerResponse r = client.inspectContainerCmd(containerId).exec();
            ContainerNetwork n = r.getNetworkSettings().getNetworks().get(networkName);
            if (n == null || n.getIpAddress() == null || n.getIpAddress().isBlank()) {
                throw new RuntimeBackendException(Kind.FAILED,
                        "container " + containerId + " has no address on network " + networkName, "");
            }
            return n.getIpAddress();
        });
    }

    @Override
    public boolean running(String containerId) {
        try {
            return call("inspect container " + containerId, () -> {
                InspectContainerResponse.ContainerState st = client.inspectContainerCmd(containerId).exec().getState();
                return st != null && Boolean.TRUE.equals(st.getRunning());
            });
        } catch (RuntimeBackendException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String logs(String containerId, boolean stdout, boolean stderr) {
        StringBuilder sb = new StringBuilder();
        call("logs of " + containerId, () -> {
            try {
                client.logContainerCmd(containerId).withStdOut(stdout).withStdErr(stderr).withTailAll()
                        .exec(new ResultCallback.Adapter<Frame>() {
                            @Override
                            public void onNext(Frame f) {
                                synchronized (sb) {
                                    sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                                }
                            }
                        }).awaitCompletion(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        synchronized (sb) {
            return sb.toString();
        }
    }

    @Override
    public ExecResult exec(String containerId, String user, List<String> argv) {
        return call("exec in " + containerId, () -> {
            String execId = client.execCreateCmd(containerId).withUser(user).withCmd(argv.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame f) {
                        synchronized (out) {
                            (f.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR ? err : out)
                                    .writeBytes(f.getPayload());
                        }
                    }
                }).awaitCompletion(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
            synchronized (out) {
                return new ExecResult(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        });
    }

    @Override
    public long execInteractive(String containerId, String user, String workdir, List<String> argv,
            java.io.InputStream in, java.io.OutputStream out) {
        return call("exec in " + containerId, () -> {
            String execId = client.execCreateCmd(containerId).withUser(user).withWorkingDir(workdir).withTty(true)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                    .withCmd(argv.toArray(String[]::new)).exec().getId();
            try {
                client.execStartCmd(execId).withTty(true).withStdIn(in).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame f) {
                        try {
                            out.write(f.getPayload());
                            out.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
            return code == null ? -1L : code;
        });
    }

    @Override
    public void removeContainer(String id) {
        try {
            run("remove container " + id, () -> client.removeContainerCmd(id).withForce(true).exec());
        } catch (RuntimeBackendException e) {
            if (e.kind() != Kind.NOT_FOUND && !(e.kind() == Kind.CONFLICT && e.getMessage().contains("in progress"))) {
                throw e;
            }
        }
    }

    @Override
    public void removeNetwork(String id) {
        try {
            run("remove network " + id, () -> client.removeNetworkCmd(id).exec());
        } catch (RuntimeBackendException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            run("remove volume " + name, () -> client.removeVolumeCmd(name).exec());
        } catch (RuntimeBackendException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static List<String> labelFilter(Map<String, String> labels) {
        List<String> f = new ArrayList<>();
        labels.forEach((k, v) -> f.add(k + "=" + v));
        return f;
    }

    @Override
    public List<Obj> containers(Map<String, String> labels) {
        return call("list containers", () -> client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()
                .stream()
                .map(c -> new Obj(c.getId(), c.getNames() == null || c.getNames().length == 0 ? c.getId()
                        : c.getNames()[0].replaceFirst("^/", ""), c.getLabels() == null ? Map.of() : Map.copyOf(c.getLabels()),
                        "running".equalsIgnoreCase(c.getState())))
                .toList());
    }

    @Override
    public List<Obj> networks(Map<String, String> labels) {
        return call("list networks", () -> client.listNetworksCmd().withFilter("label", labelFilter(labels)).exec()
                .stream()
                .map(n -> new Obj(n.getId(), n.getName(), n.getLabels() == null ? Map.of() : Map.copyOf(n.getLabels()),
                        false))
                .toList());
    }

    @Override
    public List<Obj> volumes(Map<String, String> labels) {
        return call("list volumes", () -> {
            var vs = client.listVolumesCmd().withFilter("label", labelFilter(labels)).exec().getVolumes();
            List<Obj> out = new ArrayList<>();
            if (vs != null) {
                vs.forEach(v -> out.add(new Obj(v.getName(), v.getName(),
                        v.getLabels() == null ? Map.of() : Map.copyOf(v.getLabels()), false)));
            }
            return out;
        });
    }

    /**
     * Builds an image from a context directory without network access to registries ({@code withPull(false)});
     * {@code networkNone} also cuts RUN steps off the network (offline test images).
     */
    @Override
    public String build(Path context, String tag, Map<String, String> buildArgs, Map<String, String> labels,
            boolean networkNone, Consumer<String> progress) {
        return call("build " + tag, () -> {
            var cmd = client.buildImageCmd(context.toFile()).withTags(java.util.Set.of(tag)).withPull(false)
                    .withLabels(new HashMap<>(labels)).withRemove(true).withForcerm(true);
            for (Map.Entry<String, String> a : new LinkedHashMap<>(buildArgs).entrySet()) {
                cmd = cmd.withBuildArg(a.getKey(), a.getValue());
            }
            if (networkNone) {
                cmd = cmd.withNetworkMode("none");
            }
            return cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null && !item.getStream().isBlank()) {
                        progress.accept(item.getStream().stripTrailing());
                    }
                    super.onNext(item);
                }
            }).awaitImageId();
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing a client whose engine is gone is not an error worth reporting
        }
    }
}
