package dev.scc.safety.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.NetworkMode;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.AuditSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which commands get a checkpoint first, and the evaluator's side of asking the host for it. */
class RiskyCommandsTest {
    final RiskyCommands risky = new RiskyCommands("/workspace");

    @ParameterizedTest
    @ValueSource(strings = {"git reset --hard", "git -c core.pager=cat reset --hard HEAD~1", "git reset --merge",
            "git clean -fdx", "git clean --force -d", "git checkout -- .", "git restore src/Main.java", "git stash drop",
            "git stash clear", "git branch -D topic", "git switch --discard-changes main", "git status && git reset --hard",
            "rm -rf src", "rm -r /workspace", "rm -Rf ./build/..", "rm --recursive notes", "rm --rec -f notes",
            "cd sub; rm -fr x", "sudo rm -rf src"})
    void destructiveGitCommandsAndRecursiveRemovesInTheWorkspaceAreRisky(String line) {
        assertThat(risky.ofLine(line, "/workspace")).as(line).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"git status", "git push --force origin main", "git reset --soft HEAD~1", "git clean -n",
            "git checkout -b topic", "git restore --staged src/Main.java", "rm notes.txt", "rm -f a b",
            "rm -rf /tmp/scratch", "rm -rf ../elsewhere", "ls -R", "echo rm -rf src"})
    void everyOtherCommandIsNot(String line) {
        assertThat(risky.ofLine(line, "/workspace")).as(line).isEmpty();
    }

    @Test
    void aWrappersArgvIsJudgedByTheSameGrammar() {
        assertThat(risky.ofArgv(List.of("git", "reset", "--hard"), Map.of(), "/workspace/sub")).contains("git.reset_hard");
        assertThat(risky.ofArgv(List.of("/usr/bin/rm", "-r", "x"), Map.of(), "/workspace/sub")).contains("rm -r /workspace/sub/x");
        assertThat(risky.ofArgv(List.of("git", "log"), Map.of(), "/workspace")).isEmpty();
    }

    /** A policy that lets {@code git reset --hard} run (the org switched the rule off). */
    static Evaluator lenient() {
        return new Evaluator(new SafetyEngine(new SafetyPolicy(SafetyPolicy.Action.BLOCK, Set.of("git.reset_hard"),
                NetworkMode.DESTINATION, List.of(), Set.of(), SafetyPolicy.DEFAULT_PROTECTED_BRANCHES, Optional.empty(),
                "test")), ApprovalGate.NONE, AuditSink.NONE, "s1");
    }

    @Test
    void aRiskyCommandThePolicyLetsRunWaitsForTheHostsCheckpointThenRuns(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("checkpoints");
        Evaluator e = lenient().checkpointBeforeRisky(new CheckpointRequests(dir, Duration.ofSeconds(30)), "/workspace");
        AtomicInteger answered = new AtomicInteger();
        Thread host = new Thread(() -> {
            // the host's side: answer the first request with a checkpoint id
            while (answered.get() == 0) {
                try (var ds = Files.newDirectoryStream(dir, "*.req")) {
                    for (Path req : ds) {
                        String id = req.getFileName().toString().replace(".req", "");
                        assertThat(Files.readString(req)).contains("git.reset_hard");
                        // counted before the answer is visible: the evaluator may return as soon as it is written
                        answered.incrementAndGet();
                        Files.delete(req);
                        // as the host does (WorkspaceCheckpoints): written aside, then moved into place
                        Path aside = dir.resolve(id + ".answer");
                        Files.writeString(aside, "20261207-040000-abcdef01\n", StandardCharsets.UTF_8);
                        Files.move(aside, dir.resolve(id + ".done"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (java.io.IOException notYet) {
                    // the directory appears with the first request
                }
                Thread.onSpinWait();
            }
        });
        host.setDaemon(true);
        host.start();
        assertThat(e.decideArgv(List.of("git", "reset", "--hard"), "/workspace", "wrapper").decision().runs()).isTrue();
        assertThat(answered.get()).as("the verdict came after the host's answer").isEqualTo(1);
        try (var left = Files.list(dir)) {
            assertThat(left).as("the answer was consumed").isEmpty();
        }
    }

    @Test
    void aBlockedCommandAndAHarmlessOneAskForNothing(@TempDir Path tmp) {
        Path dir = tmp.resolve("checkpoints");
        Evaluator strict = new Evaluator(new SafetyEngine(SafetyPolicy.defaults("test")), ApprovalGate.NONE, AuditSink.NONE,
                "s1").checkpointBeforeRisky(new CheckpointRequests(dir, Duration.ofSeconds(30)), "/workspace");
        assertThat(strict.decideLine("git reset --hard", "/workspace", "hook:claude").decision().runs()).isFalse();
        assertThat(strict.decideLine("git status", "/workspace", "hook:claude").decision().runs()).isTrue();
        assertThat(dir).as("no request written").doesNotExist();
    }

    @Test
    void withoutAnAnswerTheCommandProceedsAfterTheBoundedWaitAndTheRequestStaysForTheHost(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("checkpoints");
        Evaluator e = lenient().checkpointBeforeRisky(new CheckpointRequests(dir, Duration.ofMillis(200)), "/workspace");
        assertThat(e.decideLine("rm -rf src", "/workspace", "hook:claude").decision().runs()).isTrue();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".req");
        }
    }
}
