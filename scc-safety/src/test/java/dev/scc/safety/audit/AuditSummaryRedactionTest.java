package dev.scc.safety.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc support safety-audit} prints blocked commands through the one redactor, whoever wrote the log. */
class AuditSummaryRedactionTest {
    @TempDir Path dir;

    @Test
    void aRawKeyInALogWrittenByAnotherToolIsNotPrinted() throws Exception {
        Path log = dir.resolve("safety-audit.jsonl");
        Files.writeString(log, "{\"ts\":\"2026-12-06T00:00:00Z\",\"source\":\"claude\",\"session\":\"s\",\"cwd\":\"/w\","
                + "\"command\":\"curl -H 'x-api-key: rawkey12345' https://h\",\"decision\":\"block\",\"rule\":\"net\","
                + "\"reason\":\"r\"}\n");
        AuditSummary s = AuditSummary.read(log, 10, 10);
        assertThat(s.recentBlocks()).singleElement().satisfies(e -> assertThat(e.command())
                .doesNotContain("rawkey12345").contains(Redactor.MARK));
        assertThat(s.toJson()).doesNotContain("rawkey12345");
    }
}
