package dev.scc.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import dev.scc.core.runtime.Session;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.policy.audit.SccState;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Approvals through the runtime on a real engine: the org's {@code require_approval} reaches the in-sandbox
 * evaluator through {@link dev.scc.app.launch.GovernedLaunch}; the Docker backend (approvals on) mounts the
 * session's host approval directory and copies the key in for the evaluator only; the wrapper stops a push to a
 * protected branch with a request id; the host answers with the real {@code scc approve} (an
 * {@link ApprovalStore} underneath); the same push then runs once, and a second one is stopped again.
 * Fails (never skips) under {@code -Dscc.it.require=true} when the engine or the offline images are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernedApprovalsIT {
    static final String ORG = """
            schema_version: "1.0.0"
            organization: {name: Acme, id: acme}
            security:
              safety_net:
                action: block
                require_approval: [git.push_protected_branch]
                protected_branches: [main]
            destination_sets:
              test-web: {hosts: [web.test]}
            defaults:
              network_policy: web-egress-enforced
              destination_sets: [test-web]
            profiles:
              dev: {allowed_providers: [claude]}
            """;
    static final Pattern REQUEST_ID = Pattern.compile("scc approve ([a-z0-9]{8,})");

    E2eEngine t;
    E2eEngine.Launched launched;
    DockerRuntimeBackend backend;
    Session session;

    @BeforeAll
    void launch() throws Exception {
        t = new E2eEngine();
        launched = t.launchGoverned(ORG, true);
        backend = launched.backend();
        session = launched.session();
    }

    @AfterAll
    void cleanUp() {
        E2eEngine.release(t, launched);
    }

    private String remoteMain() {
        return launched.sh("git -C /workspace/origin.git rev-parse -q --verify refs/heads/main").out().trim();
    }

    private static String requestId(E2eEngine.Exec stopped) {
        Matcher m = REQUEST_ID.matcher(stopped.err());
        assertThat(m.find()).as("a request id in: " + stopped).isTrue();
        return m.group(1);
    }

    private int scc(StringWriter out, StringWriter err, String... args) {
        Path home = t.scratch.resolve("home");
        CliServices services = new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    @Test
    void aPushToMainWaitsForTheHostsApprovalThenRunsExactlyOnce() {
        Path root = launched.state().getParent();
        ApprovalStore store = ApprovalStore.open(SccState.approvalsDirUnder(root, session.id()), Clock.systemUTC());
        assertThat(launched.sh("cat /etc/scc/approval.key").code()).as("the agent cannot read the key").isNotZero();
        assertThat(launched.sh("ls /var/lib/scc/approvals").code()).as("nor look at the channel").isNotZero();

        E2eEngine.Exec setup = launched.sh("set -e; cd /workspace; git init -q --bare origin.git; git init -q -b main repo;"
                + " cd repo; git config user.email a@example.test; git config user.name agent;"
                + " echo one > f; git add f; git commit -qm one; git remote add origin /workspace/origin.git;"
                + " git push -q origin HEAD:refs/heads/topic");
        assertThat(setup.code()).as("unprotected branches need no approval: " + setup).isZero();

        E2eEngine.Exec first = launched.sh("cd /workspace/repo && GIT_TRACE=1 git push origin main");
        assertThat(first.code()).as(first.toString()).isEqualTo(126);
        assertThat(first.err()).doesNotContain("trace:");
        String id = requestId(first);
        assertThat(remoteMain()).as("nothing pushed yet").isEmpty();
        ApprovalRequest filed = store.find(id).orElseThrow();
        assertThat(filed.argv()).containsExactly("git", "push", "origin", "main");
        assertThat(filed.cwd()).isEqualTo("/workspace/repo");
        assertThat(filed.sessionId()).isEqualTo(session.id());
        assertThat(filed.rule()).isEqualTo("git.push_protected_branch");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(scc(out, err, "approvals", "--state-dir", root.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(id).contains("git push origin main");
        assertThat(scc(out, err, "approve", id, "--state-dir", root.toString(), "--reason", "release 1.0",
                "--valid-for", "5m")).as(err.toString()).isZero();

        E2eEngine.Exec approved = launched.sh("cd /workspace/repo && git push origin main");
        assertThat(approved.code()).as(approved.toString()).isZero();
        assertThat(remoteMain()).isEqualTo(launched.sh("git -C /workspace/repo rev-parse main").out().trim());

        E2eEngine.Exec again = launched.sh("cd /workspace/repo && echo two >> f && git commit -qam two && git push origin main");
        assertThat(again.code()).as("an approval is good for one run: " + again).isEqualTo(126);
        assertThat(requestId(again)).isNotEqualTo(id);
        assertThat(remoteMain()).isNotEqualTo(launched.sh("git -C /workspace/repo rev-parse main").out().trim());
    }
}
