package dev.scc.cli.commands.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.Main;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditLog;
import dev.scc.safety.audit.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    @TempDir Path dir;
    Path log;

    @BeforeEach
    void writeLog() {
        log = dir.resolve("audit.jsonl");
        for (int i = 1; i <= 5; i++) {
            AuditLog l = new AuditLog(log, Clock.fixed(Instant.parse("2026-11-2" + i + "T00:00:00Z"), ZoneOffset.UTC),
                    new Redactor());
            l.append(new AuditEvent.SafetyVerdict("s1", "claude", List.of("git", "push", "--force", "r" + i), "/work",
                    "block", "git.force_push", "rewrites history", Optional.of("fp1")));
        }
    }

    @Test
    void tailShowsTheLastRecords() {
        Run r = scc("audit", "tail", "-n", "2", "--log", log.toString());

        assertThat(r.code).isZero();
        assertThat(r.out.lines()).hasSize(2);
        assertThat(r.out).contains("#4", "#5", "git push --force r5", "block").doesNotContain("#3");
    }

    @Test
    void tailSinceLimitsToRecentRecords() {
        Run r = scc("audit", "tail", "--since", "2026-11-25T00:00:00Z", "--log", log.toString());

        assertThat(r.out.lines()).singleElement().asString().contains("#5");
    }

    @Test
    void tailJsonUsesTheEnvelope() throws IOException {
        Run r = scc("audit", "tail", "--json", "--log", log.toString());

        JsonNode n = new ObjectMapper().readTree(r.out);
        assertThat(n.get("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(n.get("kind").asText()).isEqualTo("AuditRecords");
        assertThat(n.at("/status/ok").asBoolean()).isTrue();
        assertThat(n.at("/data/records")).hasSize(5);
        assertThat(n.at("/data/records/0/seq").asLong()).isEqualTo(1);
    }

    @Test
    void showPrintsOneRecordAndMissingSeqIsNotFound() {
        assertThat(scc("audit", "show", "3", "--log", log.toString()).out).contains("\"seq\" : 3", "r3");
        Run missing = scc("audit", "show", "99", "--log", log.toString());
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("no record with seq 99");
    }

    @Test
    void exportSinceKeepsLaterRecordsExactlyAsStored() throws IOException {
        Run r = scc("audit", "export", "--since", "2026-11-24", "--log", log.toString());

        List<String> stored = Files.readAllLines(log);
        assertThat(r.out.lines().toList()).containsExactly(stored.get(3), stored.get(4));
    }

    @Test
    void exportRejectsAnUnreadableSince() {
        Run r = scc("audit", "export", "--since", "yesterday-ish", "--log", log.toString());

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--since");
    }

    @Test
    void verifyPassesOnAnIntactLog() {
        Run r = scc("audit", "verify", "--log", log.toString());

        assertThat(r.code).isZero();
        assertThat(r.out).contains("intact", "5 record(s)");
    }

    @Test
    void verifyFailsOnAnEditAndSaysWhere() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(2, lines.get(2).replace("\"block\"", "\"allow\""));
        Files.write(log, lines);

        Run r = scc("audit", "verify", "--log", log.toString());

        assertThat(r.code).isEqualTo(6);
        assertThat(r.err).contains("FAILED", "line 3 (seq 3)", "edited");
    }

    @Test
    void verifyJsonListsProblemsWithLineAndSeq() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.remove(1);
        Files.write(log, lines);

        Run r = scc("audit", "verify", "--json", "--log", log.toString());

        JsonNode n = new ObjectMapper().readTree(r.out);
        assertThat(r.code).isEqualTo(6);
        assertThat(n.at("/status/ok").asBoolean()).isFalse();
        assertThat(n.at("/data/problems/0/line").asLong()).isEqualTo(2);
        assertThat(n.at("/data/problems/0/seq").asLong()).isEqualTo(3);
    }

    @Test
    void verifyWarnsButPassesOnATornFinalLine() throws IOException {
        Files.writeString(log, "{\"seq\":6,\"ts\"", java.nio.file.StandardOpenOption.APPEND);

        Run r = scc("audit", "verify", "--log", log.toString());

        assertThat(r.code).isZero();
        assertThat(r.err).contains("line 6 is a torn write");
    }

    record Run(int code, String out, String err) {}

    static Run scc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
