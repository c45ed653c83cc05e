package dev.scc.policy.source.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git runs with only the transports SCC accepts in a source URL, whatever a URL or a redirect asks for. */
class GitCliTest {
    @TempDir Path dir;

    @Test
    void plainHttpIsRefusedByGitItselfBeforeAnyConnection() {
        GitCli git = new GitCli("git", Map.of("HOME", dir.toString()), Duration.ofSeconds(30));
        // Loopback and a port nothing listens on: even if git tried, nothing would leave the machine.
        assertThatThrownBy(() -> git.run(dir, List.of("ls-remote", "http://127.0.0.1:9/repo.git")))
                .isInstanceOf(GitCli.GitException.class)
                .hasMessageContaining("transport 'http' not allowed");
    }

    @Test
    void aStricterListOfTheUsersWins() {
        GitCli git = new GitCli("git", Map.of("HOME", dir.toString(), "GIT_ALLOW_PROTOCOL", "ssh"), Duration.ofSeconds(30));
        assertThatThrownBy(() -> git.run(dir, List.of("ls-remote", "file://" + dir.resolve("none"))))
                .isInstanceOf(GitCli.GitException.class)
                .hasMessageContaining("transport 'file' not allowed");
    }
}
