package dev.scc.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.runtime.Session;
import dev.scc.policy.audit.AuditIngest;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.audit.AuditVerifier;
import dev.scc.safety.audit.Redactor;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The evaluator's supervisor (images/scc-base/evaluator-supervisor.sh) on a real engine, in a governed sandbox
 * built and launched as {@link GovernedSandboxIT} does (real scc-safety jar and static wrappers, offline images,
 * objects labelled and removed by {@link E2eEngine}): the agent can signal neither the supervisor nor the
 * evaluator; an evaluator killed from outside (SIGKILL, as the OOM killer would) comes back by itself; while it
 * cannot come back wrapped commands fail closed without running the real binary, the restarts back off, and
 * nobody but scc-safety can put anything at the socket's path; the restart records in the audit spool do not
 * disturb the host's ingest; SIGTERM stays a deliberate stop. Only bounded waits, no timed assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluatorRestartIT {
    static final String SOCKET = "/run/scc-safety/evaluator.sock";
    static final String LOG = "/run/scc-safety/evaluator.log";
    /** Bound of every wait for the evaluator to come back: at most a 5 s backoff plus a JVM start, many times over. */
    static final int POLLS = 600;
    static final long POLL_MS = 200;
    static final Pattern RESTART_LINE = Pattern.compile(
            "supervisor: the evaluator (?:exited with status|was ended by signal \\d+ \\(exit status) (\\d+)\\)?"
                    + " after \\d+ s; restart (\\d+) in (\\d+\\.\\d) s");

    E2eEngine t;
    E2eEngine.Launched launched;
    DockerRuntimeBackend backend;
    Session session;

    @BeforeAll
    void launch() throws Exception {
        t = new E2eEngine();
        launched = t.launchGoverned(GovernedSandboxIT.ORG, false);
        backend = launched.backend();
        session = launched.session();
    }

    @AfterAll
    void cleanUp() {
        E2eEngine.release(t, launched);
    }

    /** A shell as the evaluator's own uid: root in the sandbox may only switch uid, it has no CAP_KILL. */
    private E2eEngine.Exec asSafety(String script) {
        return t.exec(DockerRuntimeBackend.agentContainer(session), "0", "setpriv", "--reuid=scc-safety", "--regid=scc-safety",
                "--clear-groups", "sh", "-c", script);
    }

    /** Pids of scc-safety's processes whose command line contains {@code marker}. */
    private List<String> safetyPids(String marker) {
        String out = launched.sh("for p in /proc/[0-9]*; do [ \"$(stat -c %U $p 2>/dev/null)\" = scc-safety ] "
                + "&& tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep -q -- '" + marker + "' && echo ${p#/proc/}; done")
                .out();
        return out.lines().map(String::trim).filter(s -> s.matches("\\d+")).toList();
    }

    private String evaluatorPid() {
        List<String> pids = safetyPids("EvaluatorMain");
        return pids.size() == 1 ? pids.get(0) : "";
    }

    private String log() {
        return launched.sh("cat " + LOG).out();
    }

    private E2eEngine.Exec gitStatus() {
        return launched.sh("cd /workspace/repo && git status --short");
    }

    /** Polls {@code condition} every {@value #POLL_MS} ms, at most {@value #POLLS} times. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < POLLS; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(POLL_MS);
        }
        return condition.getAsBoolean();
    }

    /** (exit status, restart number, delay) of every restart line of the supervisor's log, in order. */
    private List<String[]> restartLines() {
        List<String[]> out = new ArrayList<>();
        Matcher m = RESTART_LINE.matcher(log());
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return out;
    }

    @Test
    @Order(1)
    void allowedGitWorksAndTheAgentCanSignalNeitherTheSupervisorNorTheEvaluator() {
        E2eEngine.Exec setup = launched.sh("set -e; cd /workspace; git init -q -b main repo; cd repo;"
                + " git config user.email a@example.test; git config user.name agent; echo one > f; git add f;"
                + " git commit -qm one");
        assertThat(setup.code()).as(setup.toString()).isZero();
        assertThat(gitStatus().code()).isZero();

        List<String> supervisor = safetyPids("evaluator-supervisor.sh");
        assertThat(supervisor).as("one supervisor, running as scc-safety").hasSize(1);
        String evaluator = evaluatorPid();
        assertThat(evaluator).as("one evaluator, running as scc-safety").matches("\\d+");
        for (String pid : List.of(supervisor.get(0), evaluator)) {
            String status = launched.sh("cat /proc/" + pid + "/status").out();
            assertThat(status).contains("NoNewPrivs:\t1").containsPattern("(?m)^Uid:\t990\t990\t990\t990$");
            for (String sig : List.of("TERM", "KILL", "STOP")) {
                E2eEngine.Exec kill = launched.sh("kill -" + sig + " " + pid);
                assertThat(kill.code()).as("agent: kill -" + sig + " " + pid + ": " + kill).isNotZero();
                assertThat(kill.err()).contains("not permitted");
            }
        }
        assertThat(safetyPids("evaluator-supervisor.sh")).isEqualTo(supervisor);
        assertThat(evaluatorPid()).isEqualTo(evaluator);
        assertThat(launched.sh("stat -c '%U %a' /run/scc-safety").out().trim()).isEqualTo("scc-safety 755");
    }

    @Test
    @Order(2)
    void anEvaluatorKilledFromOutsideComesBackAndAllowedCommandsWorkAgain() throws Exception {
        String old = evaluatorPid();
        assertThat(old).matches("\\d+");
        E2eEngine.Exec kill = asSafety("kill -KILL " + old);
        assertThat(kill.code()).as(kill.toString()).isZero();

        assertThat(eventually(() -> {
            String now = evaluatorPid();
            return !now.isEmpty() && !now.equals(old) && gitStatus().code() == 0;
        })).as("a new evaluator answers; log:\n" + log()).isTrue();
        assertThat(log()).contains("the evaluator was ended by signal 9 (exit status 137)", "restart 1 in 0.2 s",
                "evaluator restarted (restart 1, previous exit status 137)");
        assertThat(Files.readString(spool())).contains("\"kind\":\"evaluator_restarted\"",
                "\"restart\":1,\"last_exit_status\":137");
    }

    @Test
    @Order(3)
    void whileTheEvaluatorCannotComeBackWrappedCommandsFailClosedAndRestartsBackOff() throws Exception {
        int linesBefore = restartLines().size();
        // A directory where the socket goes makes every new evaluator exit 1 ("not a socket"): it stays down.
        E2eEngine.Exec hold = asSafety("rm -f " + SOCKET + " && mkdir " + SOCKET + " && kill -KILL " + evaluatorPid());
        assertThat(hold.code()).as(hold.toString()).isZero();

        // GIT_TRACE makes the real git announce itself: silence, and no new repository, prove it never ran.
        E2eEngine.Exec init = launched.sh("cd /workspace && GIT_TRACE=1 git init -q newrepo");
        assertThat(init.code()).as(init.toString()).isEqualTo(126);
        assertThat(init.err()).contains("not reachable", "git is blocked").doesNotContain("trace:");
        assertThat(launched.sh("test -e /workspace/newrepo").code()).as("git init created nothing").isNotZero();
        E2eEngine.Exec status = gitStatus();
        assertThat(status.code()).as(status.toString()).isEqualTo(126);
        // Nobody but scc-safety can put anything at the socket's path while the evaluator is down.
        assertThat(launched.sh("rmdir " + SOCKET).code()).isNotZero();
        assertThat(launched.sh("mv " + SOCKET + " /tmp/s").code()).isNotZero();
        assertThat(launched.sh("ln -s /tmp/fake.sock /run/scc-safety/other.sock").code()).isNotZero();

        // The supervisor keeps trying, each failure logged with its exit status, each wait twice the last (5 s cap).
        assertThat(eventually(() -> restartLines().size() >= linesBefore + 4))
                .as("three failed restarts after the kill; log:\n" + log()).isTrue();
        List<String[]> lines = restartLines().subList(linesBefore, linesBefore + 4);
        assertThat(lines.get(0)[0]).isEqualTo("137");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)[0]).as("exit status of failed restart " + i).isEqualTo("1");
            double previous = Double.parseDouble(lines.get(i - 1)[2]);
            assertThat(Double.parseDouble(lines.get(i)[2])).as("backoff after failed restart " + i)
                    .isEqualTo(Math.min(previous * 2, 5.0), org.assertj.core.data.Offset.offset(0.001));
        }
        assertThat(gitStatus().code()).as("still blocked while it cannot listen").isEqualTo(126);

        E2eEngine.Exec release = asSafety("rmdir " + SOCKET);
        assertThat(release.code()).as(release.toString()).isZero();
        assertThat(eventually(() -> gitStatus().code() == 0)).as("the evaluator is back; log:\n" + log()).isTrue();
        E2eEngine.Exec again = launched.sh("cd /workspace && git init -q newrepo && test -d newrepo/.git");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(log()).containsPattern("evaluator restarted \\(restart \\d+, previous exit status 1\\)");
        assertThat(launched.sh("stat -c '%U %F' " + SOCKET).out().trim()).isEqualTo("scc-safety socket");
    }

    @Test
    @Order(4)
    void restartRecordsInTheSpoolAreSkippedByTheHostIngestWhichStillTakesEveryVerdict() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int verdicts = 0;
        List<JsonNode> restarts = new ArrayList<>();
        for (String line : Files.readAllLines(spool())) {
            JsonNode n = json.readTree(line);
            if (n.has("decision")) {
                verdicts++;
            } else {
                restarts.add(n);
            }
        }
        assertThat(restarts).as("only restart records lack a decision").isNotEmpty()
                .allSatisfy(n -> {
                    assertThat(n.path("kind").asText()).isEqualTo("evaluator_restarted");
                    assertThat(n.path("session").asText()).isEqualTo(session.id());
                });
        assertThat(restarts).extracting(n -> n.path("last_exit_status").asInt()).contains(137, 1);
        assertThat(verdicts).as("git status, git init, ... were judged").isPositive();

        Path log = Files.createDirectories(t.scratch.resolve("host-audit")).resolve("audit.jsonl");
        AuditIngest ingest = new AuditIngest(new AuditLog(log, Clock.systemUTC(), new Redactor()));
        Path sessionDir = launched.state().resolve(session.id());
        assertThat(ingest.session(sessionDir)).isGreaterThanOrEqualTo(verdicts);
        assertThat(ingest.session(sessionDir)).as("the cursor went past the restart records too").isZero();
        assertThat(Files.readString(log)).doesNotContain("evaluator_restarted").contains("git status");
        assertThat(new AuditVerifier().verify(log).ok()).isTrue();
    }

    @Test
    @Order(5)
    void sigtermFromTheEvaluatorsOwnUidIsADeliberateStopThatLeavesTheSandboxFailClosed() throws Exception {
        String pid = evaluatorPid();
        assertThat(pid).matches("\\d+");
        assertThat(asSafety("kill -TERM " + pid).code()).isZero();
        assertThat(eventually(() -> safetyPids("evaluator-supervisor.sh").isEmpty()))
                .as("the supervisor ends; log:\n" + log()).isTrue();
        assertThat(log()).contains("stopped with SIGTERM (exit status 143); not restarting");
        assertThat(evaluatorPid()).isEmpty();
        assertThat(launched.sh("test -e " + SOCKET).code()).as("no socket left behind").isNotZero();
        E2eEngine.Exec status = gitStatus();
        assertThat(status.code()).as(status.toString()).isEqualTo(126);
        assertThat(status.err()).contains("not reachable");
    }

    private Path spool() {
        return launched.state().resolve(session.id()).resolve(AuditIngest.VERDICT_SPOOL);
    }
}
