package dev.scc.cli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The drills every agent must pass: the REAL agent CLI (the pinned npm package in the image {@code scc image build}
 * made), in a real sandbox started by {@code ./scc start}, driven by a scripted model, attempts what governance must
 * stop, and each drill proves the guard with the guard's own log, the audit log and {@code scc audit verify}.
 * Subclasses name the agent; a new boundary or rule family is one more {@code @Test} here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentDrills {
    static final String ORG = """
            schema_version: "1.0.0"
            organization: {name: Drills, id: drills}
            security:
              safety_net:
                action: block
                require_approval: [git.push_protected_branch]
                protected_branches: [main]
            destination_sets:
              model-gateway: {hosts: [model.test]}
            defaults:
              network_policy: web-egress-enforced
              destination_sets: [model-gateway]
            profiles:
              dev: {allowed_providers: [claude, codex]}
            """;
    static final Pattern REQUEST_ID = Pattern.compile("scc approve ([a-z0-9]{8,})");

    DrillWorld world;

    abstract DrillWorld.Agent agent();

    @BeforeAll
    void buildAndSetUp() {
        world = new DrillWorld(agent());
        try {
            world.requireRealParts();
            world.setUp(ORG);
        } catch (RuntimeException | AssertionError e) {
            world.close();
            throw e;
        }
    }

    @AfterAll
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** The hook source the agent's native PreToolUse hook reports as. */
    String hook() {
        return "hook:" + agent().id;
    }

    /** A commit on main that the remote does not have yet, so a push would really change the remote. */
    static Path ahead(Path ws) {
        DrillWorld.write(ws.resolve("change.txt"), "two\n");
        DrillWorld.git(ws, "add", "change.txt");
        DrillWorld.git(ws, "commit", "-q", "-m", "two");
        try {
            Files.setPosixFilePermissions(ws.resolve("change.txt"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            try (var all = Files.walk(ws.resolve(".git"))) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ws;
    }

    /** The evidence every drill ends with: the verdict reached the host's audit log, and the log is intact. */
    void auditHolds(Drill.Run r, String source, String decision, String rule) {
        List<JsonNode> records = r.auditRecords();
        assertThat(records).as("audit records of the session " + r.session)
                .anyMatch(n -> n.path("kind").asText().equals("safety.verdict") && n.path("agent").asText().equals(source)
                        && n.path("decision").asText().equals(decision)
                        && n.path("details").path("rule").asText().equals(rule));
        DrillWorld.Scc verify = world.scc("audit", "verify");
        assertThat(verify.code()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("intact");
    }

    @Test
    void aForcePushIsStoppedByTheNativeHookWhoseVerdictIsLoggedAndTheModelIsTold() {
        Drill.Run r = new Drill(world, "force push").workspace(AgentDrills::ahead)
                .script(s -> s.shell("git push --force origin main").say("Stopped.")).run();
        String before = DrillWorld.git(r.workspace, "rev-parse", "main~1");

        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(r.toolResults()).as("what the model was told").singleElement().asString()
                .contains("hook").contains("Force push destroys remote history").contains("(rule: git.force_push)");
        assertThat(r.verdicts(hook())).as("the hook's own verdict, written by the evaluator it asked")
                .anyMatch(v -> v.path("command").asText().equals("git push --force origin main")
                        && v.path("decision").asText().equals("block") && v.path("rule").asText().equals("git.force_push"));
        assertThat(r.verdicts("wrapper")).as("git itself never ran the push")
                .noneMatch(v -> v.path("command").asText().contains("push"));
        assertThat(r.remoteMain()).isEqualTo(before).isNotEqualTo(DrillWorld.git(r.workspace, "rev-parse", "main"));
        auditHolds(r, hook(), "block", "git.force_push");
    }

    @Test
    void aForcePushTheHookCannotSeeIsStoppedByTheGitWrapperWhoseVerdictIsLogged() {
        Drill.Run r = new Drill(world, "wrapper").workspace(ws -> {
            ahead(ws);
            DrillWorld.write(ws.resolve("push.sh"), "git push --force origin main\n");
            return ws;
        }).script(s -> s.shell("sh push.sh").say("Stopped.")).run();

        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(r.verdicts(hook())).as("the hook saw only the script")
                .anyMatch(v -> v.path("command").asText().equals("sh push.sh") && v.path("decision").asText().equals("allow"));
        assertThat(r.verdicts("wrapper")).as("the wrapper of /usr/bin/git judged the push inside the script")
                .anyMatch(v -> v.path("command").asText().equals("git push --force origin main")
                        && v.path("decision").asText().equals("block") && v.path("rule").asText().equals("git.force_push"));
        assertThat(r.toolResults()).singleElement().asString().contains("Force push destroys remote history")
                .contains("(rule: git.force_push)").doesNotContain("hook");
        assertThat(r.remoteMain()).isEqualTo(DrillWorld.git(r.workspace, "rev-parse", "main~1"));
        auditHolds(r, "wrapper", "block", "git.force_push");
    }

    @Test
    void aDeniedHostIsRefusedByTheProxyWith403AndTheNetworkLogShowsIt() {
        // node is not one of the wrapped tools (curl is: the hook or its wrapper would stop it first), so this
        // request meets the last line, the egress proxy; the curl turn shows the first line for the same host.
        String viaProxy = "node -e 'const u=new URL(process.env.HTTP_PROXY);require(\"http\").get({host:u.hostname,"
                + "port:u.port,path:\"http://denied.test/\",headers:{host:\"denied.test\"}},"
                + "r=>console.log(\"status\",r.statusCode))'";
        String[] log = new String[1];
        Drill.Run r = new Drill(world, "denied host")
                .script(s -> s.shell(viaProxy).shell("curl -sS http://denied.test/").await("logged").say("Refused."))
                .whileRunning(run -> {
                    run.awaitToolResult(Pattern.compile("network\\.curl"), Duration.ofMinutes(3));
                    DrillWorld.Scc shown = world.scc("network", "log");
                    log[0] = shown.toString();
                    DrillWorld.write(world.modelData.resolve("logged"), "");
                }).run();

        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(r.toolResults()).as("what the model was told").hasSize(2);
        assertThat(r.toolResults().get(0)).contains("status 403");
        assertThat(r.toolResults().get(1)).contains("denied.test").contains("(rule: network.curl)");
        assertThat(log[0]).as("scc network log while the session ran").startsWith("exit 0").contains("denied.test")
                .contains("not-allowlisted");
        auditHolds(r, hook(), "block", "network.curl");
    }

    @Test
    void aPushToAProtectedBranchWaitsForTheHostsApprovalThenRunsOnce() {
        String[] approved = new String[1];
        Drill.Run r = new Drill(world, "approval").workspace(AgentDrills::ahead)
                .script(s -> s.shell("git push origin main").await("approved").shell("git push origin main")
                        .shell("git push origin main").say("Pushed once."))
                .whileRunning(run -> {
                    String id = run.awaitToolResult(REQUEST_ID, Duration.ofMinutes(3));
                    assertThat(run.remoteMain()).as("nothing pushed while waiting")
                            .isEqualTo(DrillWorld.git(run.workspace, "rev-parse", "main~1"));
                    DrillWorld.Scc ok = world.scc("approve", id, "--reason", "drill");
                    approved[0] = id + "\n" + ok;
                    DrillWorld.write(world.modelData.resolve("approved"), "");
                }).run();

        assertThat(r.start.code()).as(r.toString()).isZero();
        assertThat(approved[0]).contains("exit 0");
        String id = approved[0].substring(0, approved[0].indexOf('\n'));
        List<String> results = r.toolResults();
        assertThat(results).as("three attempts: " + results).hasSize(3);
        assertThat(results.get(0)).contains("scc approve " + id).contains("(rule: git.push_protected_branch)");
        assertThat(results.get(1)).as("the approved attempt ran: " + results).doesNotContain("BLOCKED").doesNotContain("blocked");
        assertThat(results.get(2)).as("once: the next identical attempt waits for a new approval")
                .contains("approval required").doesNotContain("scc approve " + id);
        assertThat(r.remoteMain()).as("the approved push landed: " + results).isEqualTo(DrillWorld.git(r.workspace, "rev-parse", "main"));
        assertThat(r.verdicts("wrapper")).as("the wrapper ran the push on the approval")
                .anyMatch(v -> v.path("command").asText().equals("git push origin main")
                        && v.path("decision").asText().equals("allow"));
        auditHolds(r, hook(), "block", "git.push_protected_branch");
    }
}
