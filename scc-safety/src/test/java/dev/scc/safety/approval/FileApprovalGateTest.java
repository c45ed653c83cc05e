package dev.scc.safety.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.approval.ApprovalGate.Outcome;
import dev.scc.safety.approval.ApprovalGate.Request;
import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileApprovalGateTest {
    static final byte[] KEY = new byte[32];
    static final byte[] OTHER_KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(OTHER_KEY, (byte) 9);
    }

    @TempDir Path dir;
    Path requests;
    Path answers;
    TestClock clock;
    FileApprovalGate gate;
    final Request push = new Request(List.of("git", "push", "origin", "main"), "/work", "git.push.protected",
            "pushing to protected branch main", "s1");

    @BeforeEach
    void setUp() {
        requests = dir.resolve("requests");
        answers = dir.resolve("answers");
        clock = new TestClock(Instant.parse("2026-11-22T03:00:00Z"));
        gate = new FileApprovalGate(requests, answers, KEY, clock, Duration.ofMinutes(15));
    }

    @Test
    void firstCheckFilesAnAuthenticRequestAndStopsTheCommand() throws IOException {
        Outcome o = gate.check(push);

        assertThat(o.approved()).isFalse();
        assertThat(o.requestId()).isPresent();
        assertThat(o.message()).contains("APPROVAL REQUIRED", "scc approve " + o.requestId().get());
        RequestFile r = readRequest(o.requestId().get());
        assertThat(r.argv()).isEqualTo(push.argv());
        assertThat(r.cwd()).isEqualTo("/work");
        assertThat(r.authentic(KEY)).isTrue();
        assertThat(r.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        // The host reads requests as another uid.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                requests.resolve(o.requestId().get() + ".json")))).isEqualTo("rw-r--r--");
    }

    @Test
    void retryingWhilePendingReusesTheSameRequest() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();

        assertThat(gate.check(push).requestId()).contains(id);
        try (var files = Files.list(requests)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void approvedCommandRunsExactlyOnce() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, KEY);

        Outcome first = gate.check(push);
        Outcome second = gate.check(push);

        assertThat(first.approved()).isTrue();
        assertThat(first.requestId()).contains(id);
        assertThat(second.approved()).isFalse();
        assertThat(second.requestId()).isPresent().isNotEqualTo(first.requestId());
        assertThat(requests.resolve(id + ".used")).exists();
    }

    @Test
    void aHooksPeekLeavesTheApprovalForTheWrapperThatRunsTheCommandOnce() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        assertThat(gate.peek(push).approved()).as("not approved yet").isFalse();
        answer(id, AnswerFile.APPROVE, KEY);

        assertThat(gate.peek(push).approved()).as("the hook lets the agent try").isTrue();
        assertThat(gate.peek(push).approved()).as("a peek uses nothing up").isTrue();
        assertThat(requests.resolve(id + ".used")).doesNotExist();
        assertThat(gate.check(push).approved()).as("the wrapper runs it").isTrue();
        assertThat(gate.peek(push).approved()).as("used: the next hook check stops it").isFalse();
        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void aGateThatCannotPeekFailsClosed() {
        ApprovalGate always = r -> new Outcome(true, java.util.Optional.of("x"), "approved");
        assertThat(always.peek(push).approved()).isFalse();
    }

    @Test
    void approvalDoesNotCoverADifferentArgvOrDirectory() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, KEY);

        assertThat(gate.check(new Request(List.of("git", "push", "--force", "origin", "main"), "/work",
                push.rule(), push.reason(), "s1")).approved()).isFalse();
        assertThat(gate.check(new Request(push.argv(), "/other", push.rule(), push.reason(), "s1")).approved())
                .isFalse();
        assertThat(gate.check(new Request(push.argv(), "/work", push.rule(), push.reason(), "s2")).approved())
                .isFalse();
        assertThat(gate.check(push).approved()).isTrue();
    }

    @Test
    void deniedCommandNeverRuns() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.DENY, KEY);

        Outcome o = gate.check(push);

        assertThat(o.approved()).isFalse();
        assertThat(o.requestId()).contains(id);
        assertThat(o.message()).contains("DENIED", "alice");
    }

    @Test
    void approvalUsedAfterTheTtlIsRefused() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, KEY);
        clock.advance(Duration.ofMinutes(16));

        assertThat(gate.check(push).approved()).isFalse();
        assertThat(requests.resolve(id + ".used")).doesNotExist();
    }

    @Test
    void answerGivenAfterTheRequestExpiredIsRefused() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        clock.advance(Duration.ofMinutes(20));
        answer(id, AnswerFile.APPROVE, KEY);

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void answerSignedWithAnotherKeyIsRejected() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, OTHER_KEY);

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void answerWithAnEditedFieldIsRejected() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.DENY, KEY);
        Path file = answers.resolve(id + ".json");
        Files.writeString(file, Files.readString(file).replace("\"deny\"", "\"approve\""));

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void requestWithEditedArgvIsNotApprovedForTheEditedCommand() throws IOException {
        Request safe = new Request(List.of("git", "push", "origin", "feature"), "/work", "r", "why", "s1");
        String id = gate.check(safe).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, KEY);
        // Someone rewrites the filed request to the command they really want, keeping the answer.
        Path file = requests.resolve(id + ".json");
        Files.writeString(file, Files.readString(file).replace("\"feature\"", "\"main\""));

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void replayedAnswerIsRefusedOnceConsumed() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, KEY);
        String answerJson = Files.readString(answers.resolve(id + ".json"));
        assertThat(gate.check(push).approved()).isTrue();

        // Re-delivering the very same signed answer, or copying it under a new request's id, does nothing.
        Files.writeString(answers.resolve(id + ".json"), answerJson);
        String next = gate.check(push).requestId().orElseThrow();
        Files.writeString(answers.resolve(next + ".json"), answerJson);

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void removingTheConsumptionRecordDoesNotReenableTheApproval() throws IOException {
        String id = gate.check(push).requestId().orElseThrow();
        answer(id, AnswerFile.APPROVE, KEY);
        assertThat(gate.check(push).approved()).isTrue();

        Files.delete(requests.resolve(id + ".used"));

        assertThat(gate.check(push).approved()).isFalse();
    }

    @Test
    void unusableRequestsDirectoryFailsClosed() throws IOException {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        FileApprovalGate broken = new FileApprovalGate(dir.resolve("not-a-dir"), answers, KEY, clock,
                Duration.ofMinutes(5));

        Outcome o = broken.check(push);

        assertThat(o.approved()).isFalse();
        assertThat(o.message()).contains("approval check failed");
    }

    @Test
    void readsHexKeyFiles() throws IOException {
        Path k = dir.resolve("key");
        Files.writeString(k, "0707070707070707070707070707070707070707070707070707070707070707\n");

        assertThat(FileApprovalGate.readKey(k)).isEqualTo(KEY);
    }

    private void answer(String id, String decision, byte[] key) throws IOException {
        RequestFile r = readRequest(id);
        Instant now = clock.instant();
        AnswerFile a = AnswerFile.create(key, id, r.sessionId(), r.binding(), decision, "alice", "looks fine", now,
                now.plus(Duration.ofMinutes(10)));
        Files.createDirectories(answers);
        Files.writeString(answers.resolve(id + ".json"), a.toJson(), StandardCharsets.UTF_8);
    }

    private RequestFile readRequest(String id) throws IOException {
        return RequestFile.fromJson(Files.readString(requests.resolve(id + ".json")));
    }

    /** A clock tests move by hand. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
