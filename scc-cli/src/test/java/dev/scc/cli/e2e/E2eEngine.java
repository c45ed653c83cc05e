package dev.scc.cli.e2e;

import com.github.dockerjava.api.DockerClient;
import dev.scc.cli.RealParts;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.StreamType;
import dev.scc.cli.CliServices;
import dev.scc.app.governance.Governance;
import dev.scc.app.governance.GovernanceRequest;
import dev.scc.app.launch.GovernedLaunch;
import dev.scc.core.runtime.Session;
import dev.scc.core.spi.RendererRegistry;
import dev.scc.runtime.docker.DockerBackendConfig;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import dev.scc.runtime.docker.ImageNames;
import dev.scc.runtime.docker.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real-engine fixtures of the end-to-end suite: the offline images {@code .ci/docker.sh} imports, the real
 * scc-safety artifacts of this build, a test "internet" (busybox httpd at {@value #WEB_IP} on an
 * {@code --internal} network of its own, named {@code web.test} through the proxy's /etc/hosts), raw
 * {@code docker exec} as any user, and cleanup by the {@code scc.test=<run>} label. Nothing here contacts an
 * address outside the networks it creates.
 */
final class E2eEngine implements AutoCloseable {
    static final String ROOTFS = RealParts.ROOTFS;
    static final String WEB = "scc-ci-web:bookworm-2";
    static final String WEB_IP = "198.51.100.10";
    static final String LABEL = "scc.test";
    /**
     * The images the user's {@code ./scc image build} makes under the prefix of these suites and the drills (built once,
     * then found up to date by their content digest), never the runtime module's scc-it-* test images.
     */
    static final String IMAGE_PREFIX = "scc-e2e-";
    static final ImageNames IMAGES = ImageNames.forPrefix(IMAGE_PREFIX);

    final String run = Long.toHexString(System.nanoTime() & 0xffffffffL);
    final DockerClient docker;
    final Path scratch;
    private final String inet = "scc-e2e-" + run + "-inet";

    E2eEngine() {
        try {
            scratch = Files.createTempDirectory("scc-e2e-" + run + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker = RealParts.docker();
    }

    static void unavailable(String why) {
        RealParts.unavailable("real-part suite", why);
    }

    /** The engine answers and the offline images exist; otherwise skip, or fail under scc.it.require. */
    void requireEngineAndImages() {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            unavailable("no Docker engine answers (" + e.getMessage() + "): run .ci/docker.sh");
        }
        for (String img : List.of(ROOTFS, WEB)) {
            try {
                docker.inspectImageCmd(img).exec();
            } catch (NotFoundException e) {
                unavailable("test image " + img + " is missing: run .ci/docker.sh");
            }
        }
    }


    /**
     * The user's command: {@code ./scc image build --provider claude --base-image <offline rootfs>} from this checkout
     * (the real pinned claude from npm; SCC_CA_CERTS passed on where TLS is intercepted), images tagged with SCC's
     * version under {@link #IMAGE_PREFIX}.
     */
    void buildImagesTheUsersWay() throws IOException, InterruptedException {
        Path log = scratch.resolve("image-build.log");
        ProcessBuilder pb = new ProcessBuilder(RealParts.repoRoot().resolve("scc").toString(), "image", "build", "--provider",
                "claude", "--base-image", ROOTFS).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        for (String keep : List.of("PATH", "JAVA_HOME", "DOCKER_HOST", "SCC_CA_CERTS", "LANG")) {
            String v = System.getenv(keep);
            if (v != null) {
                pb.environment().put(keep, v);
            }
        }
        Path home = Files.createDirectories(scratch.resolve("build-home"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        pb.environment().put("SCC_SERVER", "0");
        pb.environment().put("SCC_IMAGE_PREFIX", IMAGE_PREFIX);
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./scc image build did not end: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("./scc image build failed (exit " + p.exitValue() + "): " + Files.readString(log));
        }
    }

    /** The test internet: internal network 198.51.100.0/24 with the web server at .10 on port 80. */
    void startInternet() {
        docker.createNetworkCmd().withName(inet).withInternal(true).withLabels(Map.of(LABEL, run))
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("198.51.100.0/24")))
                .exec();
        String id = docker.createContainerCmd(WEB).withName("scc-e2e-" + run + "-web").withLabels(Map.of(LABEL, run))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(inet).withDns("127.0.0.1"))
                .withIpv4Address(WEB_IP).exec().getId();
        docker.startContainerCmd(id).exec();
    }

    /** The backend's configuration: this run's state dir and images, the proxy's second leg on the test internet. */
    DockerBackendConfig config(Path stateDir, ImageNames images) {
        return DockerBackendConfig.fromEnvironment(System.getenv()).withStateDir(stateDir).withImages(images)
                .withEgress(inet, List.of("127.0.0.1"), List.of("web.test:" + WEB_IP));
    }

    /** A governed session on the real engine and what made it. */
    record Launched(DockerRuntimeBackend backend, GovernedLaunch.Prepared prepared, Session session, Path workspace,
            Path state) {
        /** Runs {@code argv} in the agent container as the agent user. */
        Exec exec(String... argv) {
            var r = backend.execInAgent(session, List.of(argv));
            return new Exec(r.exitCode(), r.stdout(), r.stderr());
        }

        /** Runs a shell script in the agent container as the agent user. */
        Exec sh(String script) {
            return exec("sh", "-c", script);
        }
    }

    /** A suite's {@code @AfterAll}: stops and prunes {@code launched} (when it got that far), then closes the engine. */
    static void release(E2eEngine t, Launched launched) {
        try {
            if (t != null && launched != null) {
                t.stopAndPrune(launched);
            }
        } finally {
            if (t != null) {
                t.close();
            }
        }
    }

    /**
     * The whole path of a governed {@code scc start}: builds the images with {@code ./scc image build} from the offline
     * rootfs (the real claude CLI), starts the test
     * internet, resolves {@code orgYaml} for team {@code dev} through Governance (a temp HOME), prepares the launch
     * with {@link GovernedLaunch}, launches it with the Docker backend and waits for the evaluator's socket.
     */
    Launched launchGoverned(String orgYaml, boolean approvals) throws Exception {
        requireEngineAndImages();
        Path home = Files.createDirectories(scratch.resolve("home"));
        Path workspace = Files.createDirectories(scratch.resolve("ws"));
        // The agent (uid 1000) works in the bind-mounted workspace.
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path org = Files.writeString(home.resolve("org.yaml"), orgYaml);
        // The layout of $XDG_STATE_HOME/scc: session records and approval directories under sessions/.
        Path state = scratch.resolve("xdg/scc/sessions");

        DockerRuntimeBackend backend = new DockerRuntimeBackend(config(state, IMAGES).withApprovals(approvals));
        try {
            buildImagesTheUsersWay();
            startInternet();
            CliServices services = new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC());
            Governance.Resolved r = services.governance().resolve(new GovernanceRequest(Optional.of(org.toString()),
                    Optional.of("dev"), Optional.empty(), Optional.empty(), Optional.of(workspace), Optional.empty(),
                    false, true));
            r = services.governance().withProvider(r, "claude");
            GovernedLaunch.Prepared prepared = new GovernedLaunch(RendererRegistry.load())
                    .prepare(r, "claude", workspace, services.env(), false, GovernedLaunch.skillMaterializer(r,
                            services.dirs().sccCacheDir(), false, services.env(), services.clock()),
                            GovernedLaunch.marketplaceMaterializer(GovernedLaunch.localOrgDir(r),
                                    services.dirs().sccCacheDir(), false, false, services.env(), services.clock()));
            Session session = backend.launch(prepared.spec());
            awaitEvaluator(session);
            return new Launched(backend, prepared, session, workspace, state);
        } catch (Exception | AssertionError e) {
            backend.close();
            throw e;
        }
    }

    /**
     * The standalone path of {@code scc start} (no org): {@link dev.scc.cli.commands.runtime.StartCommand#standalone}'s
     * spec for claude in web-egress-enforced with {@code web.test} allowed, on the same offline images.
     */
    Launched launchStandalone() throws Exception {
        requireEngineAndImages();
        Path workspace = Files.createDirectories(scratch.resolve("ws"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path state = scratch.resolve("xdg/scc/sessions");
        DockerRuntimeBackend backend = new DockerRuntimeBackend(config(state, IMAGES));
        try {
            buildImagesTheUsersWay();
            startInternet();
            Session session = backend.launch(dev.scc.cli.commands.runtime.StartCommand.standalone(workspace, "claude",
                    dev.scc.core.model.NetworkPosture.WEB_EGRESS_ENFORCED, List.of("web.test"), Map.of()));
            awaitEvaluator(session);
            return new Launched(backend, null, session, workspace, state);
        } catch (Exception | AssertionError e) {
            backend.close();
            throw e;
        }
    }

    /** The entrypoint starts the agent once the evaluator listens; docker exec may come earlier. */
    private void awaitEvaluator(Session session) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (exec(DockerRuntimeBackend.agentContainer(session), "1000:1000", "test", "-S", "/run/scc-safety/evaluator.sock")
                    .code() == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Stops and prunes the session, then checks the engine holds nothing labelled with it or its workspace. */
    void stopAndPrune(Launched l) {
        try {
            if (l.session() != null) {
                l.backend().stop(l.session().id());
                l.backend().prune();
                org.assertj.core.api.Assertions.assertThat(objects(Labels.SESSION, l.session().id()))
                        .as("objects of the session after stop and prune").isEmpty();
                org.assertj.core.api.Assertions.assertThat(objects(Labels.WORKSPACE, l.session().workspaceHash()))
                        .as("objects of the workspace after stop and prune").isEmpty();
                org.assertj.core.api.Assertions.assertThat(objects(Labels.MANAGED, "true"))
                        .as("no SCC-labelled object of this run is left")
                        .noneMatch(o -> o.contains(l.session().id()));
            }
        } finally {
            l.backend().close();
        }
    }

    record Exec(long code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    /** {@code docker exec --user USER CONTAINER ARGV...}, waiting for it to end. */
    Exec exec(String container, String user, String... argv) {
        String id = docker.execCreateCmd(container).withUser(user).withCmd(argv).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    synchronized (out) {
                        (f.getStreamType() == StreamType.STDERR ? err : out).writeBytes(f.getPayload());
                    }
                }
            }).awaitCompletion(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
        synchronized (out) {
            return new Exec(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Containers, networks and volumes carrying {@code label=value}. */
    List<String> objects(String label, String value) {
        List<String> found = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, value)).exec()
                .forEach(c -> found.add("container " + c.getNames()[0]));
        docker.listNetworksCmd().withFilter("label", List.of(label + "=" + value)).exec()
                .forEach(n -> found.add("network " + n.getName()));
        var vols = docker.listVolumesCmd().withFilter("label", List.of(label + "=" + value)).exec().getVolumes();
        if (vols != null) {
            vols.forEach(v -> found.add("volume " + v.getName()));
        }
        return found;
    }

    @Override
    public void close() {
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
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a leftover scratch directory under the temp dir is harmless
            }
        }
    }
}
