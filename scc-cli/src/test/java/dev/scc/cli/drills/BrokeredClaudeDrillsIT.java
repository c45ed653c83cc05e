package dev.scc.cli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.scc.core.runtime.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The credential broker through {@code ./scc start}: real-looking keys on the host, the real claude in the sandbox,
 * the scripted model behind TLS from a CA made for the run. The agent completes its session through the broker, the
 * model sees the real key and never the placeholder, and nothing the agent can see (its container's inspect output,
 * the environment of every process in it, any file it can read, the images) holds a key or the git token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokeredClaudeDrillsIT {
    static final SecureRandom RANDOM = new SecureRandom();
    final String anthropicKey = "sk-ant-api03-" + random(86) + "-realAA";
    final String gitToken = "ghp_" + random(36);
    DrillWorld world;

    static String random(int n) {
        String abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(abc.charAt(RANDOM.nextInt(abc.length())));
        }
        return b.toString();
    }

    String org(String extraDefaults) {
        return """
                schema_version: "1.0.0"
                organization: {name: Drills, id: drills}
                broker:
                  ca_bundle: %s
                  credentials:
                    anthropic-key: {env: ANTHROPIC_API_KEY}
                    github-token: {env: GITHUB_TOKEN}
                  destinations:
                    - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key, upstream: "https://%s"}
                    - {name: github, type: git, host: github.com, credential: github-token}
                defaults:
                  network_policy: web-egress-enforced
                %s
                profiles:
                  dev: {allowed_providers: [claude, codex]}
                """.formatted(world.scratch.resolve("model-ca.pem"), DrillWorld.MODEL_HOST, extraDefaults);
    }

    @BeforeAll
    void buildAndSetUp() {
        world = new DrillWorld(DrillWorld.Agent.CLAUDE);
        try {
            world.requireRealParts();
            // Only the broker reaches the model (the agent reaches the broker): a private range of this suite's own.
            world.subnet = "10.213.77.0/24";
            world.modelIp = "10.213.77.30";
            world.dropEnv.add("SCC_MODEL_ENDPOINT");
            world.extraEnv.put("ANTHROPIC_API_KEY", anthropicKey);
            world.extraEnv.put("GITHUB_TOKEN", gitToken);
            world.modelTls = Optional.of(modelCertificate(world.scratch));
            world.setUp(org("  session: {token_budget: 100000}"));
        } catch (RuntimeException | AssertionError e) {
            world.close();
            world = null;
            throw e;
        }
    }

    @AfterAll
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** A key and certificate for model.test (its own CA: the broker trusts it through broker.ca_bundle). */
    static Path modelCertificate(Path dir) {
        Path p12 = dir.resolve("model.p12");
        run(List.of("keytool", "-genkeypair", "-alias", "model", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + DrillWorld.MODEL_HOST, "-ext", "SAN=dns:" + DrillWorld.MODEL_HOST, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "drill-tls", "-keypass", "drill-tls"));
        String pem = run(List.of("keytool", "-exportcert", "-rfc", "-alias", "model", "-keystore", p12.toString(),
                "-storepass", "drill-tls"));
        DrillWorld.write(dir.resolve("model-ca.pem"), pem);
        try {
            Files.setPosixFilePermissions(p12, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p12;
    }

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

    /** A piece of each secret: any text holding a secret holds it (the piece itself never enters the sandbox). */
    List<String> fragments() {
        return List.of(anthropicKey.substring(20, 44), gitToken.substring(10, 30));
    }

    List<String> credentialLines() {
        try {
            Path f = world.modelData.resolve(dev.scc.testkit.model.FakeModelApi.CREDENTIALS_FILE);
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects {@code orgYaml} as the user's org (scc setup), for the next session. */
    void connect(String orgYaml) {
        Path org = DrillWorld.write(world.home.resolve("org.yaml"), orgYaml);
        DrillWorld.Scc setup = world.scc("setup", "--org", org.toString(), "--team", "dev", "--provider", "claude",
                "--yes");
        assertThat(setup.code()).as(setup.toString()).isZero();
    }

    @Test
    void theSessionBudgetStopsTheAgentWithTheBudgetMessageAndTheUsageIsAudited() throws IOException {
        connect(org("  session: {token_budget: 15}"));
        try {
            Drill.Run r = new Drill(world, "budget").script(s -> s.shell("echo one > one.txt")
                    .shell("echo two > two.txt").say("Should not get here.")).run();
            assertThat(r.start.out() + r.start.err()).as(r.toString()).contains("SCC token budget exhausted")
                    .contains("session.token_budget").doesNotContain("Should not get here.");
            long answered = r.requests().stream().filter(q -> q.path().endsWith("/messages")).count();
            List<com.fasterxml.jackson.databind.JsonNode> usage = new ArrayList<>();
            Path log = world.home.resolve(".local/state/scc/audit/audit.jsonl");
            for (String line : Files.readAllLines(log)) {
                var n = new ObjectMapper().readTree(line);
                if (n.path("kind").asText().equals("broker.usage") && n.toString().contains(r.session.orElseThrow())) {
                    usage.add(n);
                }
            }
            assertThat(usage).as("one usage record per answered call: " + usage).isNotEmpty().hasSize((int) answered);
            long total = usage.stream().mapToLong(n -> n.path("details").path("input_tokens").asLong()
                    + n.path("details").path("output_tokens").asLong()).sum();
            assertThat(total).as("what the model reported, as the broker recorded it").isGreaterThanOrEqualTo(15);
            assertThat(Files.readString(log)).as("the audit log holds no secret").doesNotContain(fragments().get(0))
                    .doesNotContain(fragments().get(1));
        } finally {
            connect(org("  session: {token_budget: 100000}"));
        }
    }

    @Test
    void claudeCompletesASessionThroughTheBrokerAndNothingInTheSandboxHoldsAKey() {
        Map<String, String> seen = new LinkedHashMap<>();
        Drill.Run r = new Drill(world, "brokered session")
                .script(s -> s.shell("echo brokered > brokered.txt").await("inspected").say("Brokered done."))
                .whileRunning(run -> {
                    try {
                        run.awaitToolResult(Pattern.compile("(?s).*"), Duration.ofMinutes(3));
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "\n" + diagnostics(run.workspace), e);
                    }
                    seen.putAll(inspect(Session.workspaceHash(run.workspace)));
                    DrillWorld.write(world.modelData.resolve("inspected"), "");
                }).run();

        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(r.start.out()).contains("Brokered done.");
        assertThat(r.workspace.resolve("brokered.txt")).hasContent("brokered");
        List<String> creds = credentialLines();
        assertThat(creds).as("the model got the real key on every call").isNotEmpty()
                .allMatch(l -> l.equals("x-api-key: " + anthropicKey));
        assertThat(seen).as("what was inspected").containsKeys("agent inspect", "broker inspect", "agent environ",
                "agent files", "agent image", "proxy image", "agent gitconfig");
        seen.forEach((where, text) -> fragments().forEach(f -> assertThat(text).as(where + " holds no secret")
                .doesNotContain(f)));
        assertThat(seen.get("agent environ")).as("the agent's processes hold the placeholder and the broker's URL")
                .contains("ANTHROPIC_API_KEY=sk-ant-api03-").contains("ANTHROPIC_BASE_URL=http://scc-broker:8080/anthropic");
        assertThat(seen.get("agent gitconfig")).contains("http://scc-broker:8080/git/github.com/")
                .contains("https://github.com/");
        assertThat(seen.get("broker inspect")).as("the broker's container holds no key either: it got them on stdin")
                .contains("dev.scc.broker.BrokerMain");
    }

    /** What the session's containers logged, and what scc start said so far (for a drill that got stuck). */
    String diagnostics(Path ws) {
        StringBuilder b = new StringBuilder();
        for (Container c : world.docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("scc.managed",
                "true", "scc.workspace", Session.workspaceHash(ws))).exec()) {
            String role = c.getLabels().getOrDefault("scc.role", "?");
            b.append("== ").append(role).append(" (").append(c.getState()).append(")\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                world.docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).withTail(40)
                        .exec(into(out)).awaitCompletion(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            b.append(out.toString(StandardCharsets.UTF_8));
            if (role.equals("agent")) {
                b.append(exec(c.getId(), "root", "ps -eo pid,user,args | cut -c1-200"));
            }
        }
        try (var files = Files.list(world.scratch)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".err") || f.toString().endsWith(".out")).toList()) {
                b.append("== ").append(f.getFileName()).append("\n").append(Files.readString(f));
            }
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    /** Everything of the live session the agent could see, as texts, with the images it runs. */
    Map<String, String> inspect(String wsHash) {
        Map<String, String> seen = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper().disable(com.fasterxml.jackson.databind.SerializationFeature
                .FAIL_ON_EMPTY_BEANS);
        List<Container> session = world.docker.listContainersCmd().withLabelFilter(Map.of("scc.managed", "true",
                "scc.workspace", wsHash)).exec();
        for (Container c : session) {
            String role = c.getLabels().getOrDefault("scc.role", "?");
            try {
                var inspected = world.docker.inspectContainerCmd(c.getId()).exec();
                seen.put(role + " inspect", json.writeValueAsString(inspected));
                if (role.equals("agent") || role.equals("proxy")) {
                    var image = world.docker.inspectImageCmd(inspected.getImageId()).exec();
                    seen.put(role + " image", json.writeValueAsString(image) + json.writeValueAsString(
                            world.docker.listImagesCmd().exec().stream().filter(i -> i.getId().equals(
                                    inspected.getImageId())).toList()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (role.equals("agent")) {
                String environ = "for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done 2>/dev/null";
                seen.put("agent environ", exec(c.getId(), "root", environ) + exec(c.getId(), "1000", environ));
                seen.put("agent files", exec(c.getId(), "1000", "grep -rIl -e '" + fragments().get(0) + "' -e '"
                        + fragments().get(1) + "' / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev 2>/dev/null;"
                        + " echo searched"));
                seen.put("agent gitconfig", exec(c.getId(), "1000", "cat /etc/gitconfig; stat -c '%U %a' /etc/gitconfig"));
            }
        }
        return seen;
    }

    String exec(String container, String user, String script) {
        String id = world.docker.execCreateCmd(container).withUser(user).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", script).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            world.docker.execStartCmd(id).exec(into(out)).awaitCompletion(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A callback that collects a container's output frames into {@code out}. */
    static ResultCallback.Adapter<Frame> into(ByteArrayOutputStream out) {
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                out.writeBytes(f.getPayload());
            }
        };
    }
}
