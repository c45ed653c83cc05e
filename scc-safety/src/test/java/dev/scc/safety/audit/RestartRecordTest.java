package dev.scc.safety.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import dev.scc.safety.Verdict;
import dev.scc.safety.internal.json.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code evaluator_restarted} record a restarted evaluator appends to its audit spool. */
class RestartRecordTest {
    @TempDir Path dir;
    final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void restartRecordIsOneJsonLineWithAKindAndNoDecisionOrCommand() throws Exception {
        Path log = dir.resolve("verdicts.jsonl");
        new FileAuditLog(log, clock).restarted("s1", 2, 137);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        Map<?, ?> m = (Map<?, ?>) MiniJson.parse(lines.get(0));
        assertThat(m.get("ts")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(m.get("kind")).isEqualTo(FileAuditLog.EVALUATOR_RESTARTED);
        assertThat(m.get("source")).isEqualTo("supervisor");
        assertThat(m.get("session")).isEqualTo("s1");
        assertThat(((Number) m.get("restart")).intValue()).isEqualTo(2);
        assertThat(((Number) m.get("last_exit_status")).intValue()).isEqualTo(137);
        assertThat((String) m.get("reason")).contains("signal 9", "restart (2)");
        // Readers of verdict lines key on these: an event must never look like a verdict.
        assertThat(m.keySet().stream().map(String::valueOf).toList()).doesNotContain("decision", "command", "argv");
    }

    @Test
    void exitStatusAbove128ReadsAsTheSignalThatEndedTheEvaluator() {
        assertThat(FileAuditLog.exitText(137)).isEqualTo("was ended by signal 9 (exit status 137)");
        assertThat(FileAuditLog.exitText(1)).isEqualTo("exited with status 1");
        assertThat(FileAuditLog.exitText(255)).isEqualTo("exited with status 255");
    }

    @Test
    void summaryPassesOverRestartRecordsWithoutCountingThemAsVerdictsOrMalformed() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        FileAuditLog audit = new FileAuditLog(log, clock);
        audit.record("wrapper", "s1", "/w", List.of("git", "push", "-f"),
                new Verdict(Decision.BLOCK, Optional.of("git.force_push"), "BLOCKED: force push", Optional.empty(),
                        Optional.empty(), Optional.empty(), List.of("git", "push", "-f"), Optional.empty()));
        audit.restarted("s1", 1, 1);
        audit.record("wrapper", "s1", "/w", List.of("git", "status"), Verdict.allow(""));
        Files.writeString(log, "not json\n", java.nio.file.StandardOpenOption.APPEND);

        AuditSummary s = AuditSummary.read(log, 100, 10);
        assertThat(s.verdicts()).isEqualTo(2);
        assertThat(s.malformedLines()).isEqualTo(1);
        assertThat(s.byDecision()).containsEntry("block", 1).containsEntry("allow", 1);
    }
}
