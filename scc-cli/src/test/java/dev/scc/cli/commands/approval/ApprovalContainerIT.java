package dev.scc.cli.commands.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.scc.cli.Main;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.policy.audit.SccState;
import dev.scc.safety.approval.FileApprovalGate;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval gate inside a real container, wired by the mount contract of docs/audit.md:
 * requests bind-mounted and owned by the evaluator uid, answers bind-mounted read-only, the key
 * copied in and readable by the evaluator uid only. The evaluator runs {@link ApprovalGateProbe}
 * with the host's JDK (mounted read-only) and scc-safety's classes; the host answers with the real
 * {@code scc approve}. Also checks that the agent uid can neither read the key, nor write answers,
 * nor touch requests. Needs a running Docker engine and a Debian-based image (property
 * {@code scc.it.baseImage}, default {@code scc-ci-rootfs:bookworm-2}, built by .ci/run); skipped
 * if either is missing, failed instead with {@code -Dscc.it.require=true}. No network: the
 * container runs with {@code --network none}. Containers carry the label {@code scc.test=audit-approval-it}
 * and are removed by it.
 */
class ApprovalContainerIT {
    static final String LABEL = "scc.test";
    static final String LABEL_VALUE = "audit-approval-it";
    static final String EVALUATOR = "1001";
    static final String AGENT = "1002";
    static final String REQ = "/var/lib/scc/approvals/requests";
    static final String ANS = "/var/lib/scc/approvals/answers";
    static final String KEY = "/etc/scc/approval.key";

    @TempDir Path state;
    DockerClient docker;
    String container;

    @BeforeEach
    void startContainer() throws Exception {
        DockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        docker = DockerClientImpl.getInstance(cfg, new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost()).sslConfig(cfg.getSSLConfig()).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            unavailable("no Docker engine answers: " + e.getMessage());
        }
        String image = System.getProperty("scc.it.baseImage", "scc-ci-rootfs:bookworm-2");
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            unavailable("image " + image + " is not present (.ci/run builds it)");
        }
        removeLabelled();

        Path approvals = SccState.approvalsDirUnder(state, "s1");
        ApprovalStore.initialize(approvals, Clock.systemUTC());
        String javaHome = System.getProperty("java.home");
        List<Bind> binds = new ArrayList<>(List.of(
                new Bind(javaHome, new Volume(javaHome), AccessMode.ro),
                new Bind(approvals.resolve("requests").toString(), new Volume(REQ), AccessMode.rw),
                new Bind(approvals.resolve("answers").toString(), new Volume(ANS), AccessMode.ro)));
        if (Files.isDirectory(Path.of("/etc/java-17-openjdk"))) {
            // Debian's JDK keeps its conf files there, behind symlinks from java.home.
            binds.add(new Bind("/etc/java-17-openjdk", new Volume("/etc/java-17-openjdk"), AccessMode.ro));
        }
        binds.add(new Bind(location(FileApprovalGate.class), new Volume("/opt/scc/cp0" + suffix(FileApprovalGate.class)),
                AccessMode.ro));
        binds.add(new Bind(location(ApprovalGateProbe.class), new Volume("/opt/scc/cp1"), AccessMode.ro));
        container = docker.createContainerCmd(image)
                .withLabels(Map.of(LABEL, LABEL_VALUE))
                .withCmd("sleep", "600")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(binds)
                        .withSecurityOpts(List.of("no-new-privileges")))
                .exec().getId();
        docker.startContainerCmd(container).exec();

        // What the runtime's entrypoint does as root before dropping privileges (docs/audit.md, mount contract).
        Path key = approvals.resolve("key");
        assertThat(exec("0", "sh", "-c", "chown " + EVALUATOR + " " + REQ + " && chmod 0755 " + REQ
                + " && mkdir -p /etc/scc && printf '%s' '" + Files.readString(key).strip() + "' > " + KEY
                + " && chown " + EVALUATOR + " " + KEY + " && chmod 0400 " + KEY).code).isZero();
    }

    /** Skips, unless {@code -Dscc.it.require=true} (CI) makes a missing engine or image a failure. */
    private static void unavailable(String why) {
        if (Boolean.getBoolean("scc.it.require")) {
            throw new AssertionError("real-part suite cannot run: " + why);
        }
        assumeTrue(false, why);
    }

    @AfterEach
    void removeContainer() throws Exception {
        if (container != null) {
            // Give the host back what the evaluator uid wrote, so the temp dir can be deleted.
            exec("0", "chown", "-R", "0:0", REQ);
        }
        if (docker != null) {
            removeLabelled();
            docker.close();
        }
    }

    @Test
    void evaluatorFilesARequestHostApprovesCommandRunsOnceAndAgentCannotInterfere() {
        String[] push = {"git", "push", "origin", "main"};

        Result first = probe(push);
        assertThat(first.code).as(first.out).isEqualTo(3);
        Matcher m = Pattern.compile("id=([a-z2-7]{16})").matcher(first.out);
        assertThat(m.find()).as(first.out).isTrue();
        String id = m.group(1);
        assertThat(first.out).contains("APPROVAL REQUIRED", "scc approve " + id);

        // The agent cannot read the key, answer for itself, or tamper with requests.
        assertThat(exec(AGENT, "cat", KEY).code).isNotZero();
        assertThat(exec(AGENT, "sh", "-c", "echo '{}' > " + ANS + "/" + id + ".json").code).isNotZero();
        assertThat(exec(AGENT, "sh", "-c", "echo x > " + REQ + "/forged.json").code).isNotZero();
        assertThat(exec(AGENT, "sh", "-c", "rm -f " + REQ + "/" + id + ".json").code).isNotZero();
        assertThat(exec(EVALUATOR, "sh", "-c", "echo '{}' > " + ANS + "/" + id + ".json").code).isNotZero();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "approve", id, "--reason", "it",
                "--state-dir", state.toString());
        assertThat(code).as(err.toString()).isZero();

        Result approved = probe(push);
        assertThat(approved.code).as(approved.out).isZero();
        assertThat(approved.out).contains("approved=true", "id=" + id);
        assertThat(exec(AGENT, "rm", "-f", REQ + "/" + id + ".used").code).isNotZero();

        Result again = probe(push);
        assertThat(again.code).as(again.out).isEqualTo(3);
        assertThat(again.out).doesNotContain("id=" + id);
    }

    private Result probe(String... argv) {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-XX:-UsePerfData",
                "-cp", "/opt/scc/cp0" + suffix(FileApprovalGate.class) + ":/opt/scc/cp1",
                ApprovalGateProbe.class.getName(), REQ, ANS, KEY, "s1", "/workspace"));
        cmd.addAll(List.of(argv));
        return exec(EVALUATOR, cmd.toArray(String[]::new));
    }

    record Result(long code, String out) {}

    private Result exec(String user, String... cmd) {
        String id = docker.execCreateCmd(container).withUser(user).withCmd(cmd).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    buf.writeBytes(f.getPayload());
                }
            }).awaitCompletion(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
        return new Result(code == null ? -1 : code, buf.toString(StandardCharsets.UTF_8));
    }

    private void removeLabelled() {
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL, LABEL_VALUE)).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String suffix(Class<?> c) {
        return location(c).endsWith(".jar") ? ".jar" : "";
    }
}
