package dev.scc.cli.drills;

import com.github.dockerjava.api.DockerClient;
import dev.scc.cli.RealParts;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import dev.scc.testkit.model.FakeModelMain;
import dev.scc.testkit.model.ModelScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The world a drill runs in, built the user's way: a private HOME and XDG directories, the repository's own
 * {@code ./scc} launcher for every SCC step ({@code image build}, {@code setup}, {@code start}, {@code approve},
 * {@code network log}, {@code audit}), and around it only what stands in for the outside: a test "internet" (an
 * {@code --internal} network of its own, {@value #SUBNET}) holding a scripted model API ({@link ModelScript}, run
 * from this build's scc-testkit classes in the offline rootfs image) at {@value #MODEL_IP}, named {@value #MODEL_HOST}
 * for the session's egress proxy ({@code SCC_PROXY_HOSTS}), which resolves nothing else ({@code SCC_PROXY_DNS}).
 * The agent reaches the model as it reaches a real API: through the proxy, as an allowed destination of the org.
 * Everything created carries {@code scc.test=<run>} and is removed by that label.
 */
final class DrillWorld implements AutoCloseable {
    static final String ROOTFS = RealParts.ROOTFS;
    static final String LABEL = "scc.test";
    /** Images of the user's build under a prefix of the suites' own (shared with the e2e suites: built once). */
    static final String IMAGE_PREFIX = "scc-e2e-";
    /**
     * TEST-NET-2, as the e2e suites use it (one suite at a time; each removes its network): not private, benchmarking or
     * any other range the proxy refuses for allowed names, and not 203.0.113.0/24, where this machine kind reaches its
     * package registries (a bridge with that subnet would capture their traffic), nor 192.0.2.0/24 (the host's own).
     */
    static final String SUBNET = "198.51.100.0/24";
    static final String MODEL_IP = "198.51.100.30";
    static final String MODEL_HOST = "model.test";
    static final Duration SCC_TIMEOUT = Duration.ofMinutes(10);

    final Agent agent;
    final String run = Long.toHexString(System.nanoTime() & 0xffffffffL);
    final Path scratch;
    final Path home;
    final Path modelData;
    final DockerClient docker;
    private final String inet = "scc-drill-" + run + "-inet";
    private final Path classpath;
    private int workspaces;

    /** One agent CLI as the drills drive it. */
    enum Agent {
        CLAUDE("claude", "anthropic", "ANTHROPIC_API_KEY", "http://" + MODEL_HOST),
        CODEX("codex", "openai", "OPENAI_API_KEY", "http://" + MODEL_HOST + "/v1"),
        /**
         * Gemini CLI appends {@code /v1beta/models/…} to {@code GOOGLE_GEMINI_BASE_URL} itself. It sends every request
         * through the proxy as a CONNECT tunnel, an {@code http://} one too (measured with 0.61.0: Squid's log shows
         * {@code TCP_DENIED/403 CONNECT model.test:80}, the proxy tunnelling to port 443 only), so its model speaks TLS.
         */
        GEMINI("gemini", "gemini", "GEMINI_API_KEY", "https://" + MODEL_HOST);

        final String id;
        final String wire;
        final String keyEnv;
        final String endpoint;

        Agent(String id, String wire, String keyEnv, String endpoint) {
            this.id = id;
            this.wire = wire;
            this.keyEnv = keyEnv;
            this.endpoint = endpoint;
        }
    }

    DrillWorld(Agent agent) {
        this.agent = agent;
        try {
            scratch = Files.createTempDirectory("scc-drill-" + run + "-");
            home = Files.createDirectories(scratch.resolve("home"));
            modelData = Files.createDirectories(scratch.resolve("model"));
            classpath = stageModelClasspath(Files.createDirectories(scratch.resolve("cp")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker = RealParts.docker();
    }

    /** A world with the real parts checked, the images built and the org set up; closed again when any step fails. */
    static DrillWorld ready(Agent agent, String orgYaml) {
        return ready(agent, orgYaml, w -> { });
    }

    /** As {@link #ready(Agent, String)}, with {@code prepare} run on the world before its images are built. */
    static DrillWorld ready(Agent agent, String orgYaml, java.util.function.Consumer<DrillWorld> prepare) {
        DrillWorld world = new DrillWorld(agent);
        try {
            world.requireRealParts();
            prepare.accept(world);
            world.setUp(orgYaml);
            return world;
        } catch (RuntimeException | AssertionError e) {
            world.close();
            throw e;
        }
    }

    static void unavailable(String why) {
        RealParts.unavailable("drill suite", why);
    }


    /** The engine answers, the offline rootfs exists and the launcher is there; otherwise skip (or fail in CI). */
    void requireRealParts() {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            unavailable("no Docker engine answers (" + e.getMessage() + "): run .ci/docker.sh");
        }
        try {
            docker.inspectImageCmd(ROOTFS).exec();
        } catch (NotFoundException e) {
            unavailable("test image " + ROOTFS + " is missing: run .ci/docker.sh");
        }
        if (!Files.isExecutable(RealParts.repoRoot().resolve("scc"))) {
            unavailable("no ./scc launcher in " + RealParts.repoRoot());
        }
    }

    /** The environment of every {@code ./scc} the drills run: the user's private directories and the test internet. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String keep : List.of("PATH", "JAVA_HOME", "DOCKER_HOST", "SCC_CA_CERTS", "LANG")) {
            String v = System.getenv(keep);
            if (v != null) {
                env.put(keep, v);
            }
        }
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("SCC_SERVER", "0");
        env.put("NO_COLOR", "1");
        env.put("SCC_IMAGE_PREFIX", imagePrefix);
        env.put("SCC_EGRESS_NETWORK", inet);
        env.put("SCC_PROXY_DNS", "127.0.0.1");
        env.put("SCC_PROXY_HOSTS", MODEL_HOST + ":" + modelIp);
        env.put("SCC_MODEL_ENDPOINT", agent.endpoint);
        env.put(agent.keyEnv, "sk-drill-not-a-secret");
        dropEnv.forEach(env::remove);
        env.putAll(extraEnv);
        return env;
    }

    /**
     * The test internet's subnet and the model's address: {@value #SUBNET} where the agent reaches the model through
     * the proxy (which refuses private ranges); a suite whose model only the credential broker reaches may take a
     * private range of its own, so it does not wait for the one suite that holds {@value #SUBNET}.
     */
    String subnet = SUBNET;
    String modelIp = MODEL_IP;

    /**
     * The images' name prefix: {@value #IMAGE_PREFIX}, shared with the other suites, unless this world's images trust
     * a CA of its own ({@link #trustModelCa}), which makes them differ from theirs.
     */
    String imagePrefix = IMAGE_PREFIX;

    /**
     * The base image the user's {@code scc image build --base-image} builds on: the offline rootfs, unless a suite
     * gives its org a base image of its own (one with Maven, or a stand-in program); such a suite also takes an {@link #imagePrefix} of
     * its own, so the shared images stay as they are.
     */
    String baseImage = ROOTFS;

    /**
     * The scripted model speaks TLS with the drills' fixed test identity ({@code src/test/resources/drills/model-tls},
     * see its README), and the images this world builds trust its certificate (added to {@code SCC_CA_CERTS}, the
     * default of {@code scc image build --ca-cert}); they get their own prefix so the shared images stay as they are.
     * The identity is fixed so the images are built once, not on every run.
     */
    void trustModelCa() {
        Path dir = scratch.resolve("model-tls");
        try {
            Files.createDirectories(dir);
            for (String f : List.of("model.p12", "model.pem")) {
                try (java.io.InputStream in = DrillWorld.class.getResourceAsStream("/drills/model-tls/" + f)) {
                    if (in == null) {
                        throw new AssertionError("test resource drills/model-tls/" + f + " is missing");
                    }
                    Files.copy(in, dir.resolve(f));
                }
                Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        modelTls = java.util.Optional.of(dir.resolve("model.p12"));
        imagePrefix = IMAGE_PREFIX + "tls-";
        String host = System.getenv("SCC_CA_CERTS");
        extraEnv.put("SCC_CA_CERTS", (host == null || host.isBlank() ? "" : host + ":") + dir.resolve("model.pem"));
    }

    /** Variables a drill suite sets for every {@code ./scc} (real-looking keys, say) or removes. */
    final Map<String, String> extraEnv = new LinkedHashMap<>();
    final java.util.Set<String> dropEnv = new java.util.HashSet<>();
    /** With a PKCS12 key store (password {@code drill-tls}), the scripted model speaks TLS on 443 instead of HTTP on 80. */
    java.util.Optional<Path> modelTls = java.util.Optional.empty();

    /** What one {@code ./scc} printed and returned. */
    record Scc(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    /** Starts {@code ./scc ARGS} with the drill environment; output goes to files under the scratch directory. */
    Process sccAsync(List<String> args, Path out, Path err) {
        return sccAsync(Map.of(), args, out, err);
    }

    /** As {@link #sccAsync(List, Path, Path)} with some variables changed (a missing engine, other images). */
    Process sccAsync(Map<String, String> changed, List<String> args, Path out, Path err) {
        List<String> cmd = new ArrayList<>();
        cmd.add(RealParts.repoRoot().resolve("scc").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env());
        pb.environment().putAll(changed);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ./scc ARGS} to its end. */
    Scc scc(String... args) {
        return scc(Map.of(), args);
    }

    /** Runs {@code ./scc ARGS} to its end with some variables changed. */
    Scc scc(Map<String, String> changed, String... args) {
        try {
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            return await(sccAsync(changed, List.of(args), out, err), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Scc await(Process p, Path out, Path err) {
        try {
            if (!p.waitFor(SCC_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("./scc did not end within " + SCC_TIMEOUT + ": " + Files.readString(err));
            }
            return new Scc(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The user's steps before a first start: build the images from the offline base, then connect the org. */
    void setUp(String orgYaml) {
        Scc built = scc("image", "build", "--provider", agent.id, "--base-image", baseImage);
        if (built.code() != 0) {
            throw new AssertionError("scc image build failed: " + built);
        }
        Path org = write(home.resolve("org.yaml"), orgYaml);
        Scc setup = scc("setup", "--org", org.toString(), "--team", "dev", "--provider", agent.id, "--yes");
        if (setup.code() != 0) {
            throw new AssertionError("scc setup failed: " + setup);
        }
        // Only one suite at a time can hold the test internet: while another one holds it, wait (up to 15 minutes).
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (true) {
            try {
                docker.createNetworkCmd().withName(inet).withInternal(true).withLabels(Map.of(LABEL, run))
                        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet))).exec();
                return;
            } catch (com.github.dockerjava.api.exception.DockerException e) {
                if (!String.valueOf(e.getMessage()).contains("Pool overlaps") || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(5000);
            }
        }
    }

    /** The host's address on the test internet's bridge (its gateway): a host address, the first an agent would try. */
    String egressGateway() {
        var configs = docker.inspectNetworkCmd().withNetworkId(inet).exec().getIpam().getConfig();
        String gw = configs.isEmpty() ? null : configs.get(0).getGateway();
        return gw != null && !gw.isBlank() ? gw : subnet.substring(0, subnet.lastIndexOf('.')) + ".1";
    }

    /** The containers on the test internet now (a session's proxy among them while it runs): name to IPv4 address. */
    Map<String, String> onInternet() {
        Map<String, String> out = new java.util.TreeMap<>();
        docker.inspectNetworkCmd().withNetworkId(inet).exec().getContainers().values()
                .forEach(c -> out.put(c.getName(), c.getIpv4Address().replaceAll("/.*$", "")));
        return out;
    }

    /** A fresh workspace: a git repository on main with one commit, its remote a bare repository beside it. */
    Path workspace() {
        Path ws = scratch.resolve("ws" + (++workspaces));
        try {
            Files.createDirectories(ws);
            git(ws, "init", "-q", "-b", "main");
            git(ws, "config", "user.email", "drill@example.test");
            git(ws, "config", "user.name", "drill");
            write(ws.resolve("README.md"), "drill\n");
            write(ws.resolve(".gitignore"), "remote.git/\n.mcp-memory/\n");
            git(ws, "add", "README.md", ".gitignore");
            git(ws, "commit", "-q", "-m", "one");
            git(ws, "init", "-q", "--bare", "remote.git");
            git(ws, "push", "-q", ws.resolve("remote.git").toString(), "main");
            // The sandbox sees the workspace at /workspace: that is where its origin lives.
            git(ws, "remote", "add", "origin", "/workspace/remote.git");
            // every session of the drills' org starts the org's MCP server, so every workspace holds it
            McpServer.copyInto(ws);
            // The agent (uid 1000) works in the bind-mounted workspace.
            try (Stream<Path> all = Files.walk(ws)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String git(Path dir, String... args) {
        // The workspace belongs to the agent's uid (see Drill#run): this host-side git trusts it explicitly.
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        return run(cmd).trim();
    }

    /** Runs a host command to its end; its output (stdout and stderr), or an AssertionError naming it when it fails. */
    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Gives the workspace to the agent's uid and gid (1000), as a user's checkout belongs to the user: git in the
     * sandbox refuses a repository another uid owns. A host that may not chown (not root) leaves it open instead.
     */
    static void giveToAgent(Path ws) {
        try (Stream<Path> all = Files.walk(ws)) {
            for (Path p : all.toList()) {
                try {
                    Files.setAttribute(p, "unix:uid", 1000, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", 1000, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (IOException | UnsupportedOperationException notRoot) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the scripted model (replacing the previous one) and waits until it listens. */
    void startModel(ModelScript script) {
        stopModel();
        try (Stream<Path> old = Files.list(modelData)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
            write(modelData.resolve(FakeModelMain.SCRIPT), script.format());
            Files.setPosixFilePermissions(modelData, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                "/cp/classes:/cp/lib/*", FakeModelMain.class.getName(), agent.wire));
        List<Bind> binds = new ArrayList<>(List.of(classpathBind(), Bind.parse(modelData + ":/data")));
        if (modelTls.isPresent()) {
            binds.add(Bind.parse(modelTls.get() + ":/tls/model.p12:ro"));
            cmd.addAll(List.of("443", "/data", "/tls/model.p12", "drill-tls"));
        } else {
            cmd.addAll(List.of("80", "/data"));
        }
        startJava(modelName(), modelIp, cmd, binds, FakeModelMain.READY);
    }

    /**
     * Starts {@code cmd} (a java command line over the staged testkit classes at {@code /cp}) as a container of this
     * run on the test internet at {@code ip}, with {@code binds}, and waits until its log shows {@code ready}.
     */
    void startJava(String name, String ip, List<String> cmd, List<Bind> binds, String ready) {
        String id = docker.createContainerCmd(ROOTFS).withName(name).withLabels(Map.of(LABEL, run))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(inet).withDns("127.0.0.1")
                        .withBinds(binds))
                .withIpv4Address(ip)
                .withCmd(cmd)
                .exec().getId();
        docker.startContainerCmd(id).exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!logs(id).contains(ready)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not start: " + logs(id));
            }
            sleep(100);
        }
    }

    /** The busybox web server of the offline test images (the e2e suites' "internet"). */
    static final String WEB = "scc-ci-web:bookworm-2";

    /**
     * Starts a busybox {@code httpd} as a container of this run on the test internet at {@code ip}, serving
     * {@code www} (bound read-only) and logging every request's URL and status to its container log ({@link #logs}).
     * Returns the container's id.
     */
    String startWeb(String name, String ip, Path www) {
        try {
            docker.inspectImageCmd(WEB).exec();
        } catch (NotFoundException e) {
            unavailable("test image " + WEB + " is missing: run .ci/docker.sh");
        }
        String id = docker.createContainerCmd(WEB).withName(name).withLabels(Map.of(LABEL, run))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(inet).withDns("127.0.0.1")
                        .withBinds(Bind.parse(www + ":/www:ro")))
                .withIpv4Address(ip)
                .withCmd("httpd", "-f", "-vv", "-p", "80", "-h", "/www")
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    /** The staged testkit classes, bound read-only at {@code /cp} ({@code -cp /cp/classes:/cp/lib/*}). */
    Bind classpathBind() {
        return Bind.parse(classpath + ":/cp:ro");
    }

    /** A container name of this run. */
    String name(String what) {
        return "scc-drill-" + run + "-" + what;
    }

    void stopModel() {
        try {
            docker.removeContainerCmd(modelName()).withForce(true).exec();
        } catch (NotFoundException gone) {
            // nothing to stop
        }
    }

    private String modelName() {
        return name("model");
    }

    /** What a container of this run wrote to stdout and stderr so far. */
    String logs(String id) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(into(out))
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A callback that collects a container's output frames (logs, an exec's output) into {@code out}. */
    static com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame> into(
            java.io.ByteArrayOutputStream out) {
        return new com.github.dockerjava.api.async.ResultCallback.Adapter<>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame f) {
                out.writeBytes(f.getPayload());
            }
        };
    }

    /**
     * This build's scc-testkit classes and the Jackson jars they need, staged for the model container: the fake is
     * the test's own code, run on the offline rootfs's JRE.
     */
    private static Path stageModelClasspath(Path dir) throws IOException {
        Path classes = codeSource(FakeModelMain.class);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        if (Files.isDirectory(classes)) {
            copyTree(classes, dir.resolve("classes"));
        } else {
            Files.createDirectories(dir.resolve("classes"));
            Files.copy(classes, lib.resolve(classes.getFileName()));
        }
        for (Class<?> c : List.of(com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonAutoDetect.class)) {
            Path jar = codeSource(c);
            Files.copy(jar, lib.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path t = dst.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's text, or "" when it does not exist. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Sessions this world started, whose provider home volumes it removes at the end. */
    final List<String> sessions = new ArrayList<>();

    /**
     * Stops every session of this world through SCC ({@code scc stop --all} knows only this HOME's sessions; no
     * {@code scc prune}, which would judge every SCC object on a shared engine), removes their home volumes, then
     * whatever carries this run's label.
     */
    @Override
    public void close() {
        try {
            scc("stop", "--all");
            for (String sid : sessions) {
                docker.listVolumesCmd().withFilter("label", List.of("scc.session=" + sid)).exec().getVolumes()
                        .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
            }
        } catch (RuntimeException | AssertionError e) {
            // the label sweep below still runs
        } finally {
            try {
                docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, run)).exec()
                        .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
                docker.listNetworksCmd().withFilter("label", List.of(LABEL + "=" + run)).exec()
                        .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
            } finally {
                try {
                    docker.close();
                } catch (IOException e) {
                    // nothing left to release
                }
                deleteTree(scratch);
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // files the sandbox's users wrote may not be ours to delete; the temp dir is cleaned by the OS
        }
    }
}
