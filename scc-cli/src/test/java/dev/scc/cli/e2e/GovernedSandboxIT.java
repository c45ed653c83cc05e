package dev.scc.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.app.launch.GovernedLaunch;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on a real engine: an org config goes through Governance and {@link GovernedLaunch} into a
 * {@link LaunchSpec}; {@link DockerRuntimeBackend} launches it in images built from the Dockerfiles under
 * {@code images/} with this build's real scc-safety artifacts (jar, static wrapper, install script); inside the
 * sandbox the resident evaluator, the wrappers at the real binaries' paths, the rendered Claude hook and the
 * egress proxy are checked together. Images are built offline (FROM the debootstrap rootfs of
 * {@code .ci/docker.sh}, {@code --network=none}); the only "internet" is a test container at 198.51.100.10.
 * Fails (never skips) under {@code -Dscc.it.require=true} when the engine or the offline images are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernedSandboxIT {
    static final String ORG = """
            schema_version: "1.0.0"
            organization: {name: Acme, id: acme}
            security:
              safety_net:
                action: block
                block_force_push: true
                block_reset_hard: true
                block_push_delete: true
                network_tools: destination
            destination_sets:
              test-web: {hosts: [web.test]}
            defaults:
              network_policy: web-egress-enforced
              destination_sets: [test-web]
            profiles:
              dev: {allowed_providers: [claude]}
            """;
    /** The shape of a Claude Code PreToolUse input for the Bash tool (see the shared schema examples). */
    static final String HOOK_INPUT = """
            {"session_id":"abc123","transcript_path":"/home/agent/.claude/projects/-workspace/abc123.jsonl",\
            "cwd":"/workspace/repo","permission_mode":"bypassPermissions","hook_event_name":"PreToolUse",\
            "tool_name":"Bash","tool_input":{"command":%s,"description":"e2e","timeout":120000},\
            "tool_use_id":"toolu_01ABC123"}""";

    E2eEngine t;
    E2eEngine.Launched launched;
    DockerRuntimeBackend backend;
    GovernedLaunch.Prepared prepared;
    Session session;

    @BeforeAll
    void launch() throws Exception {
        t = new E2eEngine();
        launched = t.launchGoverned(ORG, false);
        backend = launched.backend();
        prepared = launched.prepared();
        session = launched.session();
    }

    @AfterAll
    void cleanUp() {
        E2eEngine.release(t, launched);
    }

    private E2eEngine.Exec root(String script) {
        return t.exec(DockerRuntimeBackend.agentContainer(session), "0", "sh", "-c", script);
    }

    private String evaluatorPid() {
        return launched.sh("for p in /proc/[0-9]*; do [ \"$(stat -c %U $p)\" = scc-safety ] "
                + "&& grep -qa EvaluatorMain $p/cmdline && echo ${p#/proc/}; done").out().trim();
    }

    @Test
    @Order(1)
    void theLaunchComesFromTheOrgConfig() {
        LaunchSpec spec = prepared.spec();
        assertThat(spec.posture()).isEqualTo(NetworkPosture.WEB_EGRESS_ENFORCED);
        assertThat(spec.allowedHosts()).contains("web.test");
        assertThat(spec.files()).extracting(f -> f.containerPath())
                .contains(GovernedLaunch.SAFETY_POLICY_PATH, "/etc/claude-code/managed-settings.json");
        assertThat(launched.exec("cat", GovernedLaunch.SAFETY_POLICY_PATH).out()).contains("block_force_push", "web.test");
    }

    @Test
    @Order(2)
    void theEvaluatorRunsAsSccSafetyAndTheAgentCanNeitherSignalItNorChangeItsPolicy() {
        String pid = evaluatorPid();
        assertThat(pid).as("one EvaluatorMain process owned by scc-safety").matches("\\d+");
        assertThat(launched.exec("cat", "/run/scc-safety/evaluator.log").out()).contains("evaluator listening on")
                .doesNotContain("POLICY NOT LOADED");
        assertThat(launched.exec("id", "-un").out().trim()).isEqualTo("agent");

        E2eEngine.Exec kill = launched.sh("kill -TERM " + pid);
        assertThat(kill.code()).as("agent kills the evaluator: " + kill).isNotZero();
        assertThat(kill.err()).contains("not permitted");
        assertThat(launched.sh("kill -KILL " + pid).code()).isNotZero();
        assertThat(evaluatorPid()).isEqualTo(pid);

        String policy = GovernedLaunch.SAFETY_POLICY_PATH;
        assertThat(launched.exec("stat", "-c", "%U:%G %a", policy).out().trim()).isEqualTo("root:root 644");
        assertThat(launched.exec("stat", "-c", "%U %a", "/etc/scc").out().trim()).isEqualTo("root 755");
        String before = launched.exec("cat", policy).out();
        assertThat(launched.sh("echo '{\"action\":\"allow\"}' > " + policy).code()).isNotZero();
        assertThat(launched.sh("exec 3>>" + policy).code()).as("open for writing").isNotZero();
        assertThat(launched.exec("rm", "-f", policy).code()).isNotZero();
        assertThat(launched.exec("mv", policy, "/tmp/p").code()).isNotZero();
        assertThat(launched.exec("chmod", "666", policy).code()).isNotZero();
        // The socket is 0666 (anyone may connect) but lives in scc-safety's directory: no replacing it.
        assertThat(launched.exec("rm", "-f", "/run/scc-safety/evaluator.sock").code()).as("remove the socket").isNotZero();
        assertThat(launched.exec("ln", "-sf", "/tmp/fake.sock", "/run/scc-safety/evaluator.sock").code()).as("replace it")
                .isNotZero();
        assertThat(launched.exec("test", "-S", "/run/scc-safety/evaluator.sock").code()).isZero();
        assertThat(launched.exec("cat", policy).out()).isEqualTo(before);
    }

    /** The evaluator's verdicts leave the sandbox through the session's spool and chain into the host's audit log. */
    @Test
    @Order(3)
    void verdictsReachTheHostAuditLogThroughTheSessionSpool() throws Exception {
        assertThat(launched.sh("git push --force origin main 2>/dev/null; true").code()).isZero();
        java.nio.file.Path sessionDir = launched.state().resolve(session.id());
        java.nio.file.Path spool = sessionDir.resolve(dev.scc.policy.audit.AuditIngest.VERDICT_SPOOL);
        assertThat(spool).exists();
        assertThat(java.nio.file.Files.readString(spool)).contains("\"decision\":\"block\"", "git.force_push");
        assertThat(launched.exec("ls", "/var/lib/scc/audit-spool").code()).as("the agent cannot look into the spool").isNotZero();
        java.nio.file.Path log = java.nio.file.Files.createTempDirectory("scc-e2e-audit").resolve("audit.jsonl");
        var auditLog = new dev.scc.policy.audit.AuditLog(log, java.time.Clock.systemUTC(), new dev.scc.safety.audit.Redactor());
        assertThat(new dev.scc.policy.audit.AuditIngest(auditLog).session(sessionDir)).isPositive();
        assertThat(java.nio.file.Files.readString(log)).contains("git.force_push");
        assertThat(new dev.scc.policy.audit.AuditVerifier().verify(log).ok()).isTrue();
    }

    @Test
    @Order(3)
    void forcePushIsBlockedByTheWrapperBeforeGitRunsWhileOrdinaryGitWorks() {
        E2eEngine.Exec setup = launched.sh("set -e; cd /workspace; git init -q --bare origin.git; git init -q -b main repo;"
                + " cd repo; git config user.email a@example.test; git config user.name agent;"
                + " echo one > f; git add f; git commit -qm one; git remote add origin /workspace/origin.git;"
                + " git push -q -u origin main; git commit -q --amend -m rewritten; git rev-parse main origin/main");
        assertThat(setup.code()).as(setup.toString()).isZero();
        String remoteBefore = launched.exec("git", "-C", "/workspace/origin.git", "rev-parse", "main").out().trim();

        // GIT_TRACE makes the real git announce itself on stderr: silence proves it never ran.
        E2eEngine.Exec push = launched.sh("cd /workspace/repo && GIT_TRACE=1 git push --force origin main");
        assertThat(push.code()).as(push.toString()).isEqualTo(126);
        assertThat(push.err()).contains("BLOCKED").contains("git.force_push").doesNotContain("trace:");
        assertThat(launched.exec("git", "-C", "/workspace/origin.git", "rev-parse", "main").out().trim()).isEqualTo(remoteBefore);

        E2eEngine.Exec byPath = launched.sh("cd /workspace/repo && GIT_TRACE=1 /usr/bin/git push -f origin main");
        assertThat(byPath.code()).as(byPath.toString()).isEqualTo(126);
        assertThat(byPath.err()).contains("BLOCKED").doesNotContain("trace:");
        assertThat(launched.exec("readlink", "-f", "/usr/bin/git").out().trim()).isEqualTo("/usr/lib/scc/bin/scc-wrapper");
        assertThat(launched.sh("command -v git").out().trim()).isEqualTo("/usr/bin/git");

        E2eEngine.Exec shell = launched.sh("cd /workspace/repo && bash -c 'git reset --hard HEAD~1'");
        assertThat(shell.code()).as(shell.toString()).isEqualTo(126);
        assertThat(shell.err()).contains("git.reset_hard");

        E2eEngine.Exec status = launched.sh("cd /workspace/repo && git status --short --branch");
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out()).contains("## main...origin/main");
        assertThat(launched.sh("cd /workspace/repo && git push --force-with-lease origin main").code())
                .as("the safe alternative runs").isZero();
        assertThat(launched.exec("git", "-C", "/workspace/origin.git", "log", "-1", "--format=%s", "main").out().trim())
                .isEqualTo("rewritten");
    }

    @Test
    @Order(4)
    void curlReachesAnAllowedNameThroughTheProxyAndAnIpLiteralIsStoppedBeforeAnyConnection() {
        E2eEngine.Exec allowed = launched.exec("curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}",
                "http://web.test/");
        assertThat(allowed.out()).as(allowed.toString()).isEqualTo("200");

        E2eEngine.Exec literal = launched.exec("curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}",
                "http://" + E2eEngine.WEB_IP + "/");
        assertThat(literal.code()).as(literal.toString()).isEqualTo(126);
        // curl -w always prints a status code once it runs (000 if it could not connect): nothing means it never ran.
        assertThat(literal.out()).isEmpty();
        assertThat(literal.err()).contains("BLOCKED").contains("IP literal");

        // Had it got past the wrapper (the real binary by path, a documented residual), the proxy says 403.
        E2eEngine.Exec real = launched.exec("/usr/lib/scc/real/curl", "-s", "-m", "10", "-o", "/dev/null", "-w",
                "%{http_code}", "http://" + E2eEngine.WEB_IP + "/");
        assertThat(real.out()).as(real.toString()).isEqualTo("403");

        E2eEngine.Exec unlisted = launched.exec("curl", "-s", "-m", "10", "http://denied.test/");
        assertThat(unlisted.code()).isEqualTo(126);
        assertThat(unlisted.err()).contains("BLOCKED");
    }

    @Test
    @Order(5)
    void theRenderedClaudeHookDeniesADestructiveBashCallAndAllowsAHarmlessOne() throws Exception {
        JsonNode settings = new ObjectMapper().readTree(launched.exec("cat", "/etc/claude-code/managed-settings.json").out());
        String command = null;
        for (JsonNode group : settings.path("hooks").path("PreToolUse")) {
            if ("Bash".equals(group.path("matcher").asText())) {
                command = group.path("hooks").get(0).path("command").asText();
            }
        }
        assertThat(command).as("managed settings register a Bash PreToolUse hook: " + settings)
                .isEqualTo("/usr/lib/scc/bin/scc-hook claude");

        // The hook format is data the provider module declares; SCC wrote it where the in-sandbox engine reads it.
        assertThat(launched.exec("cat", "/etc/scc/hook-formats.json").out())
                .isEqualTo("{\"claude\":{\"label\":\"Claude\",\"shell_tools\":[\"Bash\"]}}\n");

        E2eEngine.Exec deny = hook(command, "git push --force origin main");
        assertThat(deny.code()).as(deny.toString()).isEqualTo(2);
        assertThat(deny.err()).contains("[Claude] SCC safety").contains("BLOCKED").contains("Force push");

        E2eEngine.Exec nested = hook(command, "cd /workspace/repo && bash -c \"rm -f x; git reset --hard\"");
        assertThat(nested.code()).as(nested.toString()).isEqualTo(2);
        assertThat(nested.err()).contains("git.reset_hard");

        E2eEngine.Exec allow = hook(command, "git status && ls -la");
        assertThat(allow.code()).as(allow.toString()).isZero();
        assertThat(allow.err()).isEmpty();
    }

    private E2eEngine.Exec hook(String hookCommand, String bash) throws Exception {
        String payload = String.format(HOOK_INPUT, new ObjectMapper().writeValueAsString(bash));
        return launched.exec("sh", "-c", "printf '%s' \"$1\" | " + hookCommand, "hook", payload);
    }

    @Test
    @Order(6)
    void withTheEvaluatorStoppedEveryWrapperAndTheHookFailClosed() throws Exception {
        String pid = evaluatorPid();
        assertThat(pid).matches("\\d+");
        // Root in the sandbox has no CAP_KILL either; only the evaluator's own uid can signal it.
        assertThat(root("kill " + pid).code()).isNotZero();
        E2eEngine.Exec stop = root("setpriv --reuid=scc-safety --regid=scc-safety --clear-groups sh -c 'kill " + pid
                + "'");
        assertThat(stop.code()).as(stop.toString()).isZero();
        for (int i = 0; i < 100 && launched.exec("test", "-S", "/run/scc-safety/evaluator.sock").code() == 0; i++) {
            Thread.sleep(100);
        }

        E2eEngine.Exec status = launched.sh("cd /workspace/repo && git status");
        assertThat(status.code()).as(status.toString()).isEqualTo(126);
        assertThat(status.err()).contains("not reachable").contains("git is blocked");
        E2eEngine.Exec curl = launched.exec("curl", "-s", "-m", "5", "http://web.test/");
        assertThat(curl.code()).isEqualTo(126);
        assertThat(curl.err()).contains("curl is blocked");
        E2eEngine.Exec hook = hook("/usr/lib/scc/bin/scc-hook claude", "ls");
        assertThat(hook.code()).as(hook.toString()).isEqualTo(2);
        assertThat(hook.err()).contains("not reachable");
    }
}
