package dev.scc.policy.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.safety.approval.ApprovalWire;
import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalStoreTest {
    @TempDir Path dir;
    MutableClock clock;
    ApprovalStore store;
    byte[] key;

    @BeforeEach
    void setUp() throws IOException {
        clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
        store = ApprovalStore.initialize(dir, clock);
        key = HexFormat.of().parseHex(Files.readString(dir.resolve("key")).strip());
    }

    @Test
    void initializeCreatesAPrivate256BitKeyAndKeepsItOnReinitialize() throws IOException {
        assertThat(key).hasSize(32);
        assertThat(Files.getPosixFilePermissions(dir.resolve("key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        ApprovalStore.initialize(dir, clock);
        assertThat(HexFormat.of().parseHex(Files.readString(dir.resolve("key")).strip())).isEqualTo(key);
    }

    @Test
    void listsPendingRequestsWithTheirFullContext() throws IOException {
        String id = file("aaaaaaaaaaaaaaaa", List.of("git", "push", "origin", "main"));

        assertThat(store.pending()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.argv()).containsExactly("git", "push", "origin", "main");
            assertThat(r.cwd()).isEqualTo("/work");
            assertThat(r.rule()).isEqualTo("git.push.protected");
            assertThat(r.status()).isEqualTo(ApprovalStatus.PENDING);
        });
    }

    @Test
    void approveWritesAnAnswerBoundToTheRequest() throws IOException {
        String id = file("aaaaaaaaaaaaaaaa", List.of("git", "push"));

        ApprovalRequest r = store.approve("aaaa", "alice", "release", Duration.ofMinutes(5));

        assertThat(r.status()).isEqualTo(ApprovalStatus.APPROVED);
        AnswerFile a = AnswerFile.fromJson(Files.readString(dir.resolve("answers").resolve(id + ".json")));
        assertThat(a.authentic(key)).isTrue();
        assertThat(a.binding()).isEqualTo(ApprovalWire.binding("s1", "/work", List.of("git", "push")));
        assertThat(a.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(a.reviewer()).isEqualTo("alice");
        // The sandbox's evaluator reads answers as another uid.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("answers").resolve(id + ".json")))).isEqualTo("rw-r--r--");
    }

    @Test
    void aRequestCanBeAnsweredOnlyOnce() throws IOException {
        file("aaaaaaaaaaaaaaaa", List.of("git", "push"));
        store.deny("aaaaaaaaaaaaaaaa", "bob", "no");

        assertThatThrownBy(() -> store.approve("aaaaaaaaaaaaaaaa", "mallory", "", Duration.ofMinutes(5)))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("denied, not pending");
        assertThat(store.list()).singleElement().extracting(ApprovalRequest::status).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    void parallelAnswersToOneRequestLeaveExactlyOneAnswer() throws Exception {
        file("cccccccccccccccc", List.of("git", "push"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean approve = i % 2 == 0;
            String reviewer = "r" + i;
            answers.add(pool.submit(() -> {
                start.await();
                ApprovalStore s = ApprovalStore.open(dir, clock);
                try {
                    if (approve) {
                        s.approve("cccccccccccccccc", reviewer, "", Duration.ofMinutes(5));
                    } else {
                        s.deny("cccccccccccccccc", reviewer, "");
                    }
                    return true;
                } catch (ApprovalException lost) {
                    return false;
                }
            }));
        }
        start.countDown();
        int won = 0;
        for (var f : answers) {
            won += f.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        try (var files = Files.list(dir.resolve("answers"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(1);
        }
    }

    @Test
    void aFifoPlantedAsARequestIsListedAsInvalidWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("requests").resolve("dddddddddddddddd.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(store.list()).singleElement().extracting(ApprovalRequest::status).isEqualTo(ApprovalStatus.INVALID);
    }

    @Test
    void forgedRequestIsListedAsInvalidAndCannotBeApproved() throws IOException {
        RequestFile forged = RequestFile.create(new byte[32], "bbbbbbbbbbbbbbbb", "s1", List.of("rm", "-rf"),
                "/", "r", "why", clock.instant(), clock.instant().plusSeconds(600));
        Files.writeString(dir.resolve("requests/bbbbbbbbbbbbbbbb.json"), (forged).toJson());

        assertThat(store.list()).singleElement().extracting(ApprovalRequest::status)
                .isEqualTo(ApprovalStatus.INVALID);
        assertThatThrownBy(() -> store.approve("bbbbbbbbbbbbbbbb", "alice", "", Duration.ofMinutes(5)))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("fails authentication");
        assertThat(dir.resolve("answers/bbbbbbbbbbbbbbbb.json")).doesNotExist();
    }

    @Test
    void requestWhoseArgvWasEditedAfterFilingIsInvalid() throws IOException {
        file("aaaaaaaaaaaaaaaa", List.of("git", "push", "origin", "feature"));
        Path p = dir.resolve("requests/aaaaaaaaaaaaaaaa.json");
        Files.writeString(p, Files.readString(p).replace("feature", "main"));

        assertThat(store.list()).singleElement().extracting(ApprovalRequest::status)
                .isEqualTo(ApprovalStatus.INVALID);
    }

    @Test
    void expireClosesUnansweredRequestsPastTheirDeadline() throws IOException {
        file("aaaaaaaaaaaaaaaa", List.of("git", "push"));
        file("cccccccccccccccc", List.of("git", "push", "-f"));
        store.approve("cccccccccccccccc", "alice", "", Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(11));

        List<ApprovalRequest> closed = store.expire();

        assertThat(closed).extracting(ApprovalRequest::id).containsExactly("aaaaaaaaaaaaaaaa");
        assertThat(closed.get(0).answer()).hasValueSatisfying(a -> assertThat(a.decision()).isEqualTo("expire"));
        assertThatThrownBy(() -> store.approve("aaaaaaaaaaaaaaaa", "alice", "", Duration.ofMinutes(5)))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("expired");
        assertThat(store.list()).extracting(ApprovalRequest::status)
                .containsExactly(ApprovalStatus.EXPIRED, ApprovalStatus.EXPIRED);
    }

    @Test
    void usedApprovalIsReportedAsUsed() throws IOException {
        file("aaaaaaaaaaaaaaaa", List.of("git", "push"));
        store.approve("aaaaaaaaaaaaaaaa", "alice", "", Duration.ofMinutes(5));
        Files.writeString(dir.resolve("requests/aaaaaaaaaaaaaaaa.used"), "{}");

        assertThat(store.list()).singleElement().extracting(ApprovalRequest::status).isEqualTo(ApprovalStatus.USED);
    }

    @Test
    void ambiguousOrUnknownIdsAreClearErrors() throws IOException {
        file("aaaaaaaaaaaaaaaa", List.of("a"));
        file("aaaaaaaaaaaaaaab", List.of("b"));

        assertThatThrownBy(() -> store.find("aaa")).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> store.deny("zzzz", "alice", "")).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("scc approvals");
    }

    @Test
    void openWithoutAKeySaysTheSessionHasNoApprovals(@TempDir Path empty) {
        assertThatThrownBy(() -> ApprovalStore.open(empty, clock)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("not started with approvals enabled");
    }

    private String file(String id, List<String> argv) throws IOException {
        RequestFile r = RequestFile.create(key, id, "s1", argv, "/work", "git.push.protected", "protected",
                clock.instant(), clock.instant().plus(Duration.ofMinutes(10)));
        Files.writeString(dir.resolve("requests").resolve(id + ".json"), r.toJson());
        return id;
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
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
