package dev.scc.cli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.scc.testkit.TinyMavenRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JVM-tools drill (issue 14): a real Maven inside a sandbox started by {@code ./scc start}, run by the REAL agent
 * CLI on a scripted model's word, resolves from the repository the org allows and from nothing else. The org's base
 * image carries Maven (as an org's base image carries its toolchain): this suite builds it from the offline rootfs plus
 * the Maven 3.9.9 distribution that the {@code it} profile copies to {@code target/it-tools}, and SCC's own layers are
 * built on it the user's way, {@code ./scc image build --base-image}. The test internet holds two repository
 * containers serving the same one-artifact layout: {@value #REPO_HOST} (the org's {@code maven-repository} destination
 * set) and {@value #OTHER_HOST} (a host the proxy can resolve, which no destination set names).
 * <p>
 * The proof is the guard's own evidence, not only Maven's exit code: the allowed repository's log shows the requests
 * arriving from the session's proxy, the proxy's log ({@code scc network log}) shows the other host refused as
 * not-allowlisted, and the other repository's log stays empty. A last step goes around the proxy (SCC's settings
 * removed, the allowed repository by address): no way out at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MavenDrills {
    static final String REPO_HOST = "repo.test";
    static final String REPO_IP = "198.51.100.20";
    static final String OTHER_HOST = "other.test";
    static final String OTHER_IP = "198.51.100.21";
    static final String MAVEN_VERSION = "3.9.9";
    /**
     * The org's base image: the offline rootfs (Debian 12, JRE 17) with Maven on the PATH. The tag names the recipe
     * ({@link #orgBaseDockerfile}); the image is built once and kept by the engine like SCC's own images.
     */
    static final String ORG_BASE = "scc-e2e-mvn-org-base:" + MAVEN_VERSION + "-1";
    static final String ORG = """
            schema_version: "1.0.0"
            organization: {name: Maven drills, id: maven-drills}
            destination_sets:
              model-gateway: {hosts: [model.test]}
              maven-repository: {hosts: [%s]}
            defaults:
              network_policy: web-egress-enforced
              destination_sets: [model-gateway, maven-repository]
              sandbox: {base_image: "%s"}
            profiles:
              dev:
                allowed_providers: [claude, codex]
            """.formatted(REPO_HOST, ORG_BASE);
    static final String PARENT = TinyMavenRepository.PARENT;
    static final String PARENT_POM = TinyMavenRepository.PARENT_POM;
    private static final Pattern MVN_EXIT = Pattern.compile("MVN-(\\w+) exit (\\d+)");

    DrillWorld world;
    String allowedRepo;
    String otherRepo;
    private Drill.Run run;
    private RuntimeException runFailure;
    private final List<String> networkLog = new ArrayList<>();
    private final List<Map<String, String>> internet = new ArrayList<>();

    abstract DrillWorld.Agent agent();

    @BeforeAll
    void buildAndSetUp() {
        world = DrillWorld.ready(agent(), ORG, this::prepare);
        Path www = world.scratch.resolve("www");
        repository(www);
        allowedRepo = world.startWeb(world.name("repo"), REPO_IP, www);
        otherRepo = world.startWeb(world.name("other-repo"), OTHER_IP, www);
    }

    /** The org's base image under SCC's images (their own prefix: the shared ones stay on the plain rootfs). */
    void prepare(DrillWorld w) {
        w.baseImage = ORG_BASE;
        w.imagePrefix = DrillWorld.IMAGE_PREFIX + "mvn-";
        // The proxy can resolve both repository names: what refuses the other one is the org's allowlist, not DNS.
        w.extraEnv.put("SCC_PROXY_HOSTS", DrillWorld.MODEL_HOST + ":" + w.modelIp + "," + REPO_HOST + ":" + REPO_IP
                + "," + OTHER_HOST + ":" + OTHER_IP);
        buildOrgBase(w);
    }

    @AfterAll
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void mavenResolvesFromTheOrgsRepositoryThroughTheProxyIntoTheSandboxsLocalRepository() {
        Drill.Run r = drill();
        String allowed = toolResult(r, "allowed");
        assertThat(allowed).as("Maven's own output")
                .contains("Downloaded from scc-allowed-mirror: http://" + REPO_HOST + "/maven2/" + PARENT)
                .contains("BUILD SUCCESS").contains("MVN-allowed exit 0");
        assertThat(allowed).as("the artifact in the sandbox's local repository (~/.m2/repository), byte for byte")
                .contains(sha256(PARENT_POM.getBytes(StandardCharsets.UTF_8)) + "  ").contains("/.m2/repository/" + PARENT);
        String proxy = proxyAddress();
        assertThat(requests(allowedRepo)).as("the allowed repository's own log: the POM fetched through the proxy")
                .contains(proxy + " /maven2/" + PARENT + " 200");
        assertThat(r.verdicts("hook:" + agent().id)).as("the hook judged the agent's mvn and let it run")
                .anyMatch(v -> v.path("command").asText().contains("mvn -B") && v.path("decision").asText().equals("allow"));
    }

    @Test
    void mavenIsRefusedForARepositoryTheOrgDoesNotAllowAndTheProxysLogSaysWhy() throws IOException {
        Drill.Run r = drill();
        String refused = toolResult(r, "refused");
        assertThat(refused).as("Maven's own output").contains("http://" + OTHER_HOST + "/maven2").contains("403")
                .doesNotContain("BUILD SUCCESS");
        assertThat(exitOf(refused, "refused")).as(refused).isNotZero();
        assertThat(networkLog).as("scc network log --json while the session ran").hasSize(1);
        JsonNode log = Drill.JSON.readTree(networkLog.get(0));
        List<JsonNode> denials = new ArrayList<>();
        log.path("data").forEach(denials::add);
        assertThat(denials).as(networkLog.get(0)).anySatisfy(d -> {
            assertThat(d.path("target").asText()).contains(OTHER_HOST);
            assertThat(d.path("reason").asText()).isEqualTo("not-allowlisted");
        });
        assertThat(denials).as("the allowed repository was never refused")
                .noneMatch(d -> d.path("target").asText().contains(REPO_HOST));
        assertThat(requests(otherRepo)).as("nothing reached the other repository").isEmpty();
    }

    @Test
    void mavenAroundTheProxyHasNoWayOutEvenToTheAllowedRepository() {
        Drill.Run r = drill();
        String around = toolResult(r, "around");
        assertThat(exitOf(around, "around")).as(around).isNotZero();
        assertThat(around).as("Maven, without SCC's settings, tried the repository's address directly")
                .contains("http://" + REPO_IP + "/maven2").doesNotContain("BUILD SUCCESS");
        String proxy = proxyAddress();
        assertThat(requests(allowedRepo)).as("every request the allowed repository saw came from the proxy")
                .isNotEmpty().allSatisfy(line -> assertThat(line).startsWith(proxy + " "));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The one session all three tests read: the agent runs Maven against the other repository (while it waits, the host
     * reads the proxy's log: a stopped session keeps none), then against the org's repository, then around the proxy.
     */
    synchronized Drill.Run drill() {
        if (runFailure != null) {
            throw runFailure;
        }
        if (run == null) {
            try {
                run = runDrill();
            } catch (RuntimeException | AssertionError e) {
                runFailure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                throw e;
            }
        }
        return run;
    }

    private Drill.Run runDrill() {
        String settings = "-s /workspace/settings.xml";
        Drill.Run r = new Drill(world, "maven").workspace(MavenDrills::projects).script(s -> s
                .shell("cd /workspace/refused && mvn -B " + settings + " validate 2>&1; echo \"MVN-refused exit $?\"")
                .await("logged")
                .shell("cd /workspace/allowed && mvn -B " + settings + " validate 2>&1; echo \"MVN-allowed exit $?\"; "
                        + "sha256sum ~/.m2/repository/" + PARENT)
                // A hostile agent drops SCC's settings and names the allowed repository by address; a fresh local
                // repository, so nothing cached by the step before can answer.
                .shell("cd /workspace/around && env -u JAVA_TOOL_OPTIONS -u MAVEN_ARGS mvn -B " + settings
                        + " -Dmaven.repo.local=/tmp/around-repo validate 2>&1; echo \"MVN-around exit $?\"")
                .say("Done."))
                .whileRunning(w -> {
                    w.awaitToolResult(Pattern.compile("MVN-refused exit \\d+"), Duration.ofMinutes(4));
                    DrillWorld.Scc shown = world.scc("network", "log", "--json");
                    assertThat(shown.code()).as(shown.toString()).isZero();
                    networkLog.add(shown.out());
                    internet.add(world.onInternet());
                    DrillWorld.write(world.modelData.resolve("logged"), "");
                }).run();
        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(r.toolResults()).as("three Maven runs: " + r.toolResults()).hasSize(3);
        return r;
    }

    /** The tool result of the Maven run named {@code which}. */
    static String toolResult(Drill.Run r, String which) {
        return r.toolResults().stream().filter(t -> t.contains("MVN-" + which + " exit")).findFirst()
                .orElseThrow(() -> new AssertionError("no Maven run '" + which + "' in " + r.toolResults()));
    }

    static int exitOf(String toolResult, String which) {
        var m = MVN_EXIT.matcher(toolResult);
        while (m.find()) {
            if (m.group(1).equals(which)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no exit status of '" + which + "' in " + toolResult);
    }

    /** The session's proxy on the test internet, as seen while the session ran ({@code scc-<session>-proxy}). */
    String proxyAddress() {
        assertThat(internet).as("the test internet while the session ran").hasSize(1);
        List<String> proxies = internet.get(0).entrySet().stream()
                .filter(e -> e.getKey().matches("scc-[0-9a-f]{12}-proxy")).map(Map.Entry::getValue).toList();
        assertThat(proxies).as("one session proxy on the test internet: " + internet.get(0)).hasSize(1);
        return proxies.get(0);
    }

    /**
     * A client address as busybox httpd logs it, in the form {@link #proxyAddress} has: on the dual-stack test internet
     * it listens on IPv6 and logs an IPv4 client as {@code [::ffff:198.51.100.2]}.
     */
    static String client(String logged) {
        String a = logged.startsWith("[") && logged.endsWith("]") ? logged.substring(1, logged.length() - 1) : logged;
        return a.regionMatches(true, 0, "::ffff:", 0, 7) && a.indexOf('.') > 0 ? a.substring(7) : a;
    }

    /** A repository's requests from its busybox log, one line each: {@code CLIENT URL STATUS}. */
    List<String> requests(String container) {
        List<String> out = new ArrayList<>();
        String url = null;
        for (String line : world.logs(container).split("\n")) {
            var m = Pattern.compile("^(\\S+?):\\d+: (url|response):(\\S+)").matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            if (m.group(2).equals("url")) {
                url = client(m.group(1)) + " " + m.group(3);
            } else if (url != null) {
                out.add(url + " " + m.group(3));
                url = null;
            }
        }
        return out;
    }

    /**
     * Three one-file projects whose parent POM comes from a repository ({@code validate} needs nothing else, so no
     * plugin is downloaded), and the developer's own settings: plain-HTTP repositories need a mirror by id (Maven's
     * global blocker takes the rest). No proxy in them: SCC places that.
     */
    static Path projects(Path ws) {
        project(ws, "allowed", "http://" + REPO_HOST + "/maven2");
        project(ws, "refused", "http://" + OTHER_HOST + "/maven2");
        project(ws, "around", "http://" + REPO_IP + "/maven2");
        DrillWorld.write(ws.resolve("settings.xml"), "<settings><mirrors>"
                + mirror("allowed", "http://" + REPO_HOST + "/maven2") + mirror("refused", "http://" + OTHER_HOST
                + "/maven2") + mirror("around", "http://" + REPO_IP + "/maven2") + "</mirrors></settings>\n");
        return ws;
    }

    private static void project(Path ws, String name, String url) {
        try {
            Path dir = Files.createDirectories(ws.resolve(name));
            DrillWorld.write(dir.resolve("pom.xml"), TinyMavenRepository.childPom(name, url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mirror(String id, String url) {
        return "<mirror><id>scc-" + id + "-mirror</id><mirrorOf>scc-" + id + "</mirrorOf><url>" + url + "</url></mirror>";
    }

    /** The one-artifact repository both containers serve: the parent POM and its SHA-1, under {@code /maven2}. */
    static void repository(Path www) {
        try {
            for (Map.Entry<String, byte[]> f : TinyMavenRepository.files().entrySet()) {
                Path file = www.resolve("maven2").resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, f.getValue());
            }
            try (Stream<Path> all = Files.walk(www)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        return BoundaryDrills.sha256(b);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the org's base image

    static String orgBaseDockerfile() {
        return "FROM " + DrillWorld.ROOTFS + "\n"
                + "ADD apache-maven-bin.tar.gz /opt/\n"
                + "RUN ln -s /opt/apache-maven-" + MAVEN_VERSION + "/bin/mvn /usr/local/bin/mvn && mvn -v\n";
    }

    /**
     * Builds {@link #ORG_BASE} unless the engine has it: offline (no network in the build), labelled as a test-built
     * image so CI's clean-up removes it with the others.
     */
    static void buildOrgBase(DrillWorld w) {
        try {
            w.docker.inspectImageCmd(ORG_BASE).exec();
            return;
        } catch (NotFoundException absent) {
            // built below
        }
        Path maven = Path.of("target", "it-tools", "apache-maven-bin.tar.gz").toAbsolutePath();
        if (!Files.isRegularFile(maven)) {
            DrillWorld.unavailable("no Maven distribution at " + maven + ": run with -Pit (the it profile copies it)");
        }
        try {
            Path ctx = Files.createDirectories(w.scratch.resolve("org-base"));
            Files.copy(maven, ctx.resolve("apache-maven-bin.tar.gz"));
            DrillWorld.write(ctx.resolve("Dockerfile"), orgBaseDockerfile());
            String id = w.docker.buildImageCmd(ctx.toFile()).withTags(Set.of(ORG_BASE)).withNetworkMode("none")
                    .withPull(false).withLabels(Map.of("scc.image-build", "true"))
                    .exec(new BuildImageResultCallback()).awaitImageId(10, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(id).as("the org's base image " + ORG_BASE).isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
