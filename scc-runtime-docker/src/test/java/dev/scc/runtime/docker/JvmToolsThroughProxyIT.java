package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.egress.DenialReason;
import dev.scc.runtime.docker.internal.Engine;
import dev.scc.testkit.TinyMavenRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JVM tools in a governed sandbox reach the allowed repository through the proxy and nothing else: a real Maven
 * 3.9 (the distribution the {@code it} profile copies to target/it-tools) resolves a parent POM from a Maven
 * repository container of the test's own ("repo.test", allowed) and is refused for the same repository under a
 * name that is not allowed ("other.test"); a plain JVM {@code HttpURLConnection} finds the proxy in
 * JAVA_TOOL_OPTIONS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JvmToolsThroughProxyIT {
    private static final String REPO_IP = "198.51.100.20";
    private static final String MVN = "/opt/apache-maven-3.9.9/bin/mvn";
    private static final ImageNames IMAGES = new ImageNames(DockerTestSupport.IMAGES.base(),
            DockerTestSupport.IMAGES.proxy(), "scc-it-mvn-agent-");

    DockerTestSupport t;
    DockerRuntimeBackend backend;
    Session session;
    Path workspace;

    @BeforeAll
    void up() throws Exception {
        t = new DockerTestSupport();
        t.requireOfflineImages();
        Path maven = Path.of("target", "it-tools", "apache-maven-bin.tar.gz").toAbsolutePath();
        assertThat(maven).as("the it profile copies the Maven distribution here").exists();
        Path state = t.dir("state");
        workspace = t.dir("ws");
        // The agent (uid 1000) reads the projects the test (root) writes.
        Files.setPosixFilePermissions(workspace, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        DockerBackendConfig base = t.config(state);
        List<String> hosts = new ArrayList<>(base.proxyExtraHosts());
        hosts.add("repo.test:" + REPO_IP);
        hosts.add("other.test:" + REPO_IP);
        backend = new DockerRuntimeBackend(base.withImages(IMAGES).withEgress(base.egressNetwork(), base.proxyDns(),
                hosts));
        t.buildImages(backend);
        Path ctx = t.dir("mvn-image");
        Files.copy(maven, ctx.resolve("apache-maven-bin.tar.gz"));
        // On the agent image this suite just built: another suite's image may not exist yet (order is not fixed),
        // and a missing FROM makes the engine try Docker Hub.
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + IMAGES.agent("claude") + "\n"
                + "ADD apache-maven-bin.tar.gz /opt/\n");
        backend.engine().build(ctx, IMAGES.agent("claude"), Map.of(), Map.of("scc.image-build", "true"), true,
                line -> { });
        t.startInternet();
        startRepository();
        writeProject("allowed", "http://repo.test/maven2");
        writeProject("refused", "http://other.test/maven2");
        session = backend.launch(LaunchSpec.of(workspace, "claude", NetworkPosture.WEB_EGRESS_ENFORCED,
                        Set.of("web.test", "repo.test"))
                .withFiles(List.of(new SandboxFile("/opt/scc-test/dev/scc/runtime/docker/FetchUrl.class",
                        classBytes(FetchUrl.class), 0644))));
        // The agent's own user settings, as a developer with a plain-HTTP internal repository writes them: the
        // repositories by id (Maven's global http blocker applies to the rest). No proxy here: SCC placed that.
        exec("mkdir -p ~/.m2 && cat > ~/.m2/settings.xml <<'X'\n<settings><mirrors>"
                + mirror("scc-allowed", "http://repo.test/maven2") + mirror("scc-refused", "http://other.test/maven2")
                + "</mirrors></settings>\nX");
    }

    @AfterAll
    void down() {
        try {
            if (session != null) {
                backend.stop(session.id());
                backend.prune();
            }
        } finally {
            backend.close();
            t.close();
        }
    }

    private static String mirror(String id, String url) {
        return "<mirror><id>" + id + "-mirror</id><mirrorOf>" + id + "</mirrorOf><url>" + url + "</url></mirror>";
    }

    private Engine.ExecResult exec(String script) {
        return backend.execInAgent(session, List.of("bash", "-c", script));
    }

    @Test
    void mavenResolvesFromTheAllowedRepositoryThroughTheProxy() {
        Engine.ExecResult r = exec("cd /workspace/allowed && " + MVN + " -B validate 2>&1");
        assertThat(r.stdout()).as(r.stderr()).contains("Downloaded from scc-allowed-mirror: http://repo.test/maven2/test/scc/"
                + "tiny-parent/1.0/tiny-parent-1.0.pom").contains("BUILD SUCCESS");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void mavenIsRefusedForARepositoryThatIsNotAllowed() {
        Engine.ExecResult r = exec("cd /workspace/refused && " + MVN + " -B validate 2>&1");
        assertThat(r.exitCode()).as(r.stdout()).isNotZero();
        assertThat(r.stdout()).contains("other.test").contains("403").doesNotContain("BUILD SUCCESS");
        assertThat(backend.proxyDenials(session.id())).anySatisfy(d -> {
            assertThat(d.target()).contains("other.test");
            assertThat(d.reason()).isEqualTo(DenialReason.NOT_ALLOWLISTED);
        });
    }

    @Test
    void aPlainJvmFindsTheProxyInJavaToolOptions() {
        String run = "java -cp /opt/scc-test dev.scc.runtime.docker.FetchUrl ";
        assertThat(exec(run + "http://web.test/ 2>/dev/null").stdout().trim()).isEqualTo("200");
        assertThat(exec(run + "http://other.test/ 2>/dev/null").stdout().trim()).isEqualTo("403");
        // Control: without the variable the JVM has no way out at all.
        assertThat(exec("unset JAVA_TOOL_OPTIONS; " + run + "http://web.test/").stdout()).startsWith("ERROR");
    }

    private void writeProject(String name, String repo) throws Exception {
        Path dir = Files.createDirectories(workspace.resolve(name));
        Files.writeString(dir.resolve("pom.xml"), TinyMavenRepository.childPom(name, repo));
    }

    /** A busybox httpd on the test internet serving a one-artifact Maven repository under /maven2. */
    private void startRepository() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        TinyMavenRepository.files().forEach((path, content) -> files.put("www/maven2/" + path, content));
        String id = t.docker.createContainerCmd(DockerTestSupport.WEB).withName("scc-it-" + t.run + "-repo")
                .withLabels(Map.of("scc.test", t.run)).withCmd("httpd", "-f", "-p", "80", "-h", "/www")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(t.inet).withDns("127.0.0.1"))
                .withIpv4Address(REPO_IP).exec().getId();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setMode(0100644);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        t.docker.copyArchiveToContainerCmd(id).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec();
        t.docker.startContainerCmd(id).exec();
    }

    private static byte[] classBytes(Class<?> c) throws Exception {
        try (var in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
