package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorktreeCommandTest {
    @TempDir Path tmp;
    Path repo;
    StringWriter out;
    StringWriter err;

    private void git(String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.invalid"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }

    @BeforeEach
    void repo() throws Exception {
        repo = Files.createDirectories(tmp.resolve("proj"));
        git("init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README"), "x");
        git("add", "README");
        git("commit", "-q", "-m", "init");
    }

    private int scc(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void createsListsEntersAndRemovesAWorktreeOnAnSccBranch() throws Exception {
        assertThat(scc("worktree", repo.toString(), "create", "feat-1")).isZero();
        Path wt = tmp.resolve("proj-worktrees/feat-1");
        assertThat(wt.resolve("README")).exists();
        assertThat(scc("worktree", repo.toString(), "list")).isZero();
        assertThat(out.toString()).contains("feat-1").contains("scc/feat-1").contains(wt.toString());
        assertThat(scc("worktree", repo.toString(), "enter", "feat-1", "--print")).isZero();
        assertThat(out.toString().trim()).isEqualTo(wt.toRealPath().toString());
        assertThat(scc("worktree", repo.toString(), "remove", "feat-1")).isZero();
        assertThat(wt).doesNotExist();
        assertThat(scc("worktree", repo.toString(), "list")).isZero();
        assertThat(out.toString()).contains("no scc worktrees");
    }

    @Test
    void refusesAnExistingNameWithoutTouchingIt() {
        assertThat(scc("worktree", repo.toString(), "create", "a")).isZero();
        assertThat(scc("worktree", repo.toString(), "create", "a")).isEqualTo(ExitCodes.TOOL);
        assertThat(err.toString()).contains("already exists");
    }

    @Test
    void refusesNamesThatAreNotSafeBranchOrDirectoryNames() {
        assertThat(scc("worktree", repo.toString(), "create", "../escape")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("invalid worktree name");
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsNotFound() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThat(scc("worktree", plain.toString(), "list")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("is not a git repository");
    }

    @Test
    void removingAnUnknownWorktreeIsNotFound() {
        assertThat(scc("worktree", repo.toString(), "remove", "nope")).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
