package dev.scc.cli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import dev.scc.core.runtime.Session;
import dev.scc.testkit.git.GitHttpsHost;
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
 * The credential broker through {@code ./scc start}: real-looking keys on the host, the real agent in the sandbox,
 * the scripted model behind TLS from a CA made for the run. The agent completes its session through the broker, the
 * model sees the real key and never the placeholder, and nothing the agent can see (its container's inspect output,
 * the environment of every process in it, any file it can read, the images) holds a key or the git token.
 * The test's own "github.com" (real {@code git http-backend} over TLS, {@link GitHttpsHost}) sits beside the model:
 * the real git in the sandbox pushes to it through the broker, which refuses what the policy protects.
 * Subclasses name the agent and its key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokeredDrills {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String GITHUB_IP = "10.213.77.40";
    /** The real git behind the sandbox's wrapper of /usr/bin/git: what a bypassing agent would run. */
    static final String REAL_GIT = "/usr/lib/scc/real/git";
    final String gitToken = "ghp_" + random(36);
    DrillWorld world;
    Path github;

    /** The agent the drills run. */
    abstract DrillWorld.Agent agent();

    /** The host's model key (the value of {@link DrillWorld.Agent#keyEnv}): real-looking, made for the run. */
    abstract String modelKey();

    /** The org's credential and model destination lines for the agent's API (upstream {@code https://HOST}). */
    abstract String modelBroker(String upstreamHost);

    /** The credential header line the fake model must record for the real key. */
    abstract String expectedCredentialLine();

    /** Lines the agent's processes' environment must hold (placeholder prefix, broker base URL). */
    abstract List<String> expectedAgentEnvironment();

    /** Other secrets the host holds for this agent (a second key variable), never to be seen in the sandbox. */
    Map<String, String> otherHostSecrets() {
        return Map.of();
    }

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
                    github-token: %s
                %s
                    - {name: github, type: git, host: github.com, credential: github-token}
                defaults:
                  network_policy: web-egress-enforced
                %s
                profiles:
                  dev: {allowed_providers: [claude, codex]%s}
                """.formatted(world.scratch.resolve("model-ca.pem"), githubSource, modelBroker(DrillWorld.MODEL_HOST),
                extraDefaults, teamExtra);
    }

    /** Where the org reads the git token from, for the next {@link #org}. */
    String githubSource = "{env: GITHUB_TOKEN}";

    /** Extra keys of the dev profile (a team budget), for the next {@link #org}. */
    String teamExtra = "";

    @BeforeAll
    void buildAndSetUp() {
        world = new DrillWorld(agent());
        try {
            world.requireRealParts();
            // Only the broker reaches the model and the git host (the agent reaches the broker): a private range of
            // this suite's own.
            world.subnet = "10.213.77.0/24";
            world.modelIp = "10.213.77.30";
            world.dropEnv.add("SCC_MODEL_ENDPOINT");
            world.extraEnv.put(agent().keyEnv, modelKey());
            world.extraEnv.putAll(otherHostSecrets());
            world.extraEnv.put("GITHUB_TOKEN", gitToken);
            world.extraEnv.put("SCC_PROXY_HOSTS", DrillWorld.MODEL_HOST + ":" + world.modelIp + ",github.com:"
                    + GITHUB_IP);
            world.modelTls = Optional.of(certificate(world.scratch, "model", DrillWorld.MODEL_HOST));
            certificate(world.scratch, "github", "github.com");
            DrillWorld.write(world.scratch.resolve("model-ca.pem"), DrillWorld.read(world.scratch.resolve("model.pem"))
                    + DrillWorld.read(world.scratch.resolve("github.pem")));
            world.setUp(org("  session: {token_budget: 100000}"));
            startGithub();
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

    /**
     * A key and self-signed certificate for {@code host} in {@code NAME.p12} (password drill-tls), the certificate also
     * in {@code NAME.pem}: its own CA, which the broker trusts through broker.ca_bundle.
     */
    static Path certificate(Path dir, String name, String host) {
        Path p12 = dir.resolve(name + ".p12");
        DrillWorld.run(List.of("keytool", "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "drill-tls", "-keypass", "drill-tls"));
        String pem = DrillWorld.run(List.of("keytool", "-exportcert", "-rfc", "-alias", name, "-keystore", p12.toString(),
                "-storepass", "drill-tls"));
        DrillWorld.write(dir.resolve(name + ".pem"), pem);
        try {
            Files.setPosixFilePermissions(p12, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p12;
    }

    /**
     * The tests' "github.com" on the test internet at {@value #GITHUB_IP}: {@link GitHttpsHost} over TLS with the
     * run's certificate, serving the bare repositories under {@code scratch/github} to the real token only, logging
     * every request's Authorization header.
     */
    void startGithub() {
        try {
            github = Files.createDirectories(world.scratch.resolve("github"));
            Files.createDirectories(github.resolve("repos/acme"));
            DrillWorld.write(github.resolve("token"), gitToken);
            Files.copy(world.scratch.resolve("github.p12"), github.resolve("github.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        world.startJava(world.name("github"), GITHUB_IP, List.of("java", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", "/cp/classes:/cp/lib/*", GitHttpsHost.class.getName(), "443", "/srv/repos",
                "/srv/github.p12", "drill-tls", "/srv/token", "/srv/auth.log"), List.of(world.classpathBind(),
                Bind.parse(github + ":/srv")), GitHttpsHost.READY);
    }

    /** A piece of each secret: any text holding a secret holds it (the piece itself never enters the sandbox). */
    List<String> fragments() {
        List<String> f = new ArrayList<>(List.of(modelKey().substring(20, 44), gitToken.substring(10, 30)));
        otherHostSecrets().values().forEach(v -> f.add(v.substring(12, 36)));
        return f;
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
        DrillWorld.Scc setup = world.scc("setup", "--org", org.toString(), "--team", "dev", "--provider", agent().id,
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
            long answered = r.requests().stream().filter(q -> q.path().endsWith("/messages")
                    || q.path().endsWith("/responses")).count();
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
            String audit = Files.readString(log);
            fragments().forEach(f -> assertThat(audit).as("the audit log holds no secret").doesNotContain(f));
        } finally {
            connect(org("  session: {token_budget: 100000}"));
        }
    }

    @Test
    void aCredentialCommandThatFailsStopsTheStartWithExit3NamingItNeverEchoingWhatItPrintedAndCreatesNothing() {
        String leaked = "ghp_" + random(36);
        githubSource = "{command: [sh, -c, \"echo " + leaked + "; echo not signed in >&2; exit 1\"]}";
        connect(org("  session: {token_budget: 100000}"));
        try {
            Path ws = world.workspace();
            DrillWorld.giveToAgent(ws);
            DrillWorld.Scc start = world.scc("start", "--prompt", "never runs", ws.toString());

            assertThat(start.code()).as(start.toString()).isEqualTo(3);
            assertThat(start.err()).contains("credential 'github-token'").contains("exited with status 1")
                    .contains("nothing was launched; no credential is passed into the sandbox instead");
            assertThat(start.out() + start.err()).as("what the command printed is never shown")
                    .doesNotContain(leaked).doesNotContain(leaked.substring(8, 30));
            assertThat(world.docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("scc.managed", "true",
                    "scc.workspace", Session.workspaceHash(ws))).exec()).as("nothing half-launched").isEmpty();
        } finally {
            githubSource = "{env: GITHUB_TOKEN}";
            connect(org("  session: {token_budget: 100000}"));
        }
    }

    /** The dev team's broker.usage tokens in the host's audit log (every session so far: all of them today). */
    long teamTokensSoFar() throws IOException {
        Path log = world.home.resolve(".local/state/scc/audit/audit.jsonl");
        long total = 0;
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                var n = new ObjectMapper().readTree(line);
                if (n.path("kind").asText().equals("broker.usage") && n.path("details").path("team").asText()
                        .equals("dev")) {
                    total += n.path("details").path("input_tokens").asLong()
                            + n.path("details").path("output_tokens").asLong();
                }
            }
        }
        return total;
    }

    @Test
    void theTeamBudgetStopsTheAgentOnceTheTeamsTokensOfTheDayAreSpentWhateverTheSessionBudget() throws IOException {
        // Earlier sessions of this run already count towards the team's day: the budget leaves this one 15 tokens.
        long before = teamTokensSoFar();
        teamExtra = ", team_token_budget: " + (before + 15);
        connect(org("  session: {token_budget: 100000}"));
        try {
            Drill.Run r = new Drill(world, "team budget").script(s -> s.shell("echo one > one.txt")
                    .shell("echo two > two.txt").say("Should not get here.")).run();
            assertThat(r.start.out() + r.start.err()).as(r.toString()).contains("SCC token budget exhausted")
                    .contains("your team has used").contains("team_token_budget")
                    .doesNotContain("session.token_budget").doesNotContain("Should not get here.");
            assertThat(teamTokensSoFar()).as("the team's day, as the broker recorded it").isGreaterThanOrEqualTo(
                    before + 15);
            List<String> decisions = Files.readAllLines(world.home.resolve(".local/state/scc/audit/audit.jsonl"))
                    .stream().filter(l -> l.contains("\"broker.decision\"") && l.contains(r.session.orElseThrow()))
                    .toList();
            assertThat(decisions).as("the refusal is audited").anyMatch(l -> l.contains("budget.team"));
        } finally {
            teamExtra = "";
            connect(org("  session: {token_budget: 100000}"));
        }
    }

    /**
     * The real git by path ({@value #REAL_GIT}: neither the hook, which sees only {@code sh push.sh}, nor the wrapper of
     * /usr/bin/git judges it) pushes to "github.com" from inside the sandbox: the sandbox's system git config sends
     * it through the broker, which refuses the force push to main and the deletion and lets the feature branch pass;
     * without the system config (a push around the broker) there is no credential and the push fails.
     */
    @Test
    void theRealGitInTheSandboxPushesThroughTheBrokerWhichRefusesForcePushAndDeletionAndPassesAFeatureBranch() {
        String[] original = new String[1];
        Drill.Run r = new Drill(world, "git push").workspace(ws -> {
            Path bare = github.resolve("repos/acme/app.git");
            original[0] = DrillWorld.git(ws, "rev-parse", "HEAD");
            DrillWorld.deleteTree(bare);
            DrillWorld.git(world.scratch, "clone", "-q", "--bare", ws.toString(), bare.toString());
            // the remote's main is the workspace's; rewriting it locally makes the push a force push
            DrillWorld.git(ws, "commit", "-q", "--amend", "-m", "rewritten");
            DrillWorld.git(ws, "remote", "set-url", "origin", "https://github.com/acme/app.git");
            DrillWorld.write(ws.resolve("push.sh"), """
                    exec > push.log 2>&1
                    G=%1$s
                    $G push --force origin main; echo "== force exit $?"
                    $G push origin HEAD:refs/heads/feature/drill; echo "== feature exit $?"
                    $G push origin --delete feature/drill; echo "== delete exit $?"
                    GIT_CONFIG_NOSYSTEM=1 $G -c http.sslVerify=true push origin HEAD:refs/heads/feature/direct; echo "== direct exit $?"
                    """.formatted(REAL_GIT));
            return ws;
        }).script(s -> s.shell("sh push.sh").say("Pushed.")).run();

        assertThat(r.start.code()).as(r.toString()).isZero();
        Path bare = github.resolve("repos/acme/app.git");
        String log = DrillWorld.read(r.workspace.resolve("push.log"));
        String head = DrillWorld.git(r.workspace, "rev-parse", "HEAD");
        assertThat(log).as("what git said in the sandbox").contains("== force exit 1")
                .contains("[remote rejected] main -> main (refused by SCC (git.push_protected_branch))")
                .contains("remote: SCC: push refused: branch main is protected");
        assertThat(DrillWorld.git(bare, "rev-parse", "main")).as("main on github.com is unchanged")
                .isEqualTo(original[0]).isNotEqualTo(head);
        assertThat(log).contains("== feature exit 0");
        assertThat(log).contains("== delete exit 1").contains("(refused by SCC (git.push_delete))");
        assertThat(DrillWorld.git(bare, "rev-parse", "feature/drill")).as("the feature branch landed and stayed")
                .isEqualTo(head);
        assertThat(log).as("around the broker there is no credential: the push fails").doesNotContain("== direct exit 0").contains("== direct exit")
                .doesNotContain("feature/direct -> feature/direct");
        assertThat(DrillWorld.git(bare, "branch", "--list", "feature/direct")).isEmpty();
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(("x-access-token:" + gitToken)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(DrillWorld.read(github.resolve("auth.log")).lines().toList())
                .as("github.com got the real token on every request that reached it, all through the broker")
                .isNotEmpty().allMatch(l -> l.startsWith(expected + " "));
        String decisions = DrillWorld.read(world.home.resolve(".local/state/scc/audit/audit.jsonl"));
        assertThat(decisions).as("the broker's refusals are audited").contains("git.push_protected_branch")
                .contains("git.push_delete");
        fragments().forEach(f -> assertThat(log + decisions).as("no secret in git's output or the audit log")
                .doesNotContain(f));
    }

    @Test
    void theAgentCompletesASessionThroughTheBrokerAndNothingInTheSandboxHoldsAKey() {
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
                .allMatch(l -> l.equals(expectedCredentialLine()));
        assertThat(seen).as("what was inspected").containsKeys("agent inspect", "broker inspect", "agent environ",
                "agent files", "agent image", "proxy image", "agent gitconfig");
        seen.forEach((where, text) -> fragments().forEach(f -> assertThat(text).as(where + " holds no secret")
                .doesNotContain(f)));
        assertThat(seen.get("agent environ")).as("the agent's processes hold the placeholder and the broker's URL")
                .contains(expectedAgentEnvironment());
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
                        .exec(DrillWorld.into(out)).awaitCompletion(10, TimeUnit.SECONDS);
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
                StringBuilder grep = new StringBuilder("grep -rIl");
                fragments().forEach(f -> grep.append(" -e '").append(f).append("'"));
                seen.put("agent files", exec(c.getId(), "1000", grep + " / --exclude-dir=proc --exclude-dir=sys"
                        + " --exclude-dir=dev 2>/dev/null; echo searched"));
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
            world.docker.execStartCmd(id).exec(DrillWorld.into(out)).awaitCompletion(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
