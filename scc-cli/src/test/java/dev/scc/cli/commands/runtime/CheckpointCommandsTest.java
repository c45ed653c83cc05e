package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scc checkpoint}, {@code scc checkpoints} and {@code scc restore} with a real git: work destroyed by
 * {@code git reset --hard}, {@code git clean -fdx}, {@code git stash drop} and {@code rm -rf} comes back byte for
 * byte, modes included, with the index, refs, reflogs and the stash.
 */
class CheckpointCommandsTest {
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
        git("init", "-q", "-b", "main");
        Files.writeString(ws.resolve("tracked.txt"), "committed\n");
        git("add", "-A");
        git("commit", "-q", "-m", "one");
        Files.writeString(ws.resolve("tracked.txt"), "committed\nuncommitted edit\n");
        Files.writeString(ws.resolve("staged.txt"), "staged, never committed\n");
        git("add", "staged.txt");
        Files.writeString(ws.resolve("untracked.sh"), "#!/bin/sh\necho untracked\n");
        Files.setPosixFilePermissions(ws.resolve("untracked.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(ws.resolve("stashed.txt"), "stashed work\n");
        git("add", "stashed.txt");
        git("stash", "push", "-q", "-m", "wip", "--", "stashed.txt");
        Files.createDirectories(ws.resolve("empty/dir"));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("tracked.txt"));
    }

    private int scc(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    @Test
    void restoreBringsBackEverythingTheRealGitAndRmDestroyed() throws Exception {
        Map<String, String> before = snapshot(ws);
        String stashBefore = git("stash", "list");
        assertThat(scc("checkpoint")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("checkpoint ");
        git("reset", "-q", "--hard");
        git("clean", "-q", "-fdx");
        git("stash", "drop", "-q");
        git("checkout", "-q", "--", ".");
        Files.deleteIfExists(ws.resolve("link"));
        Files.writeString(ws.resolve("agent-junk"), "x");
        try (var w = Files.walk(ws.resolve(".git/refs"))) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(snapshot(ws)).isNotEqualTo(before);

        assertThat(scc("restore")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("restored checkpoint").contains("'scc restore ");
        assertThat(snapshot(ws)).isEqualTo(before);
        assertThat(git("stash", "list")).isEqualTo(stashBefore).contains("wip");
        assertThat(git("diff", "--cached", "--name-only")).contains("staged.txt");
        assertThat(git("status", "--porcelain")).contains(" M tracked.txt", "A  staged.txt", "?? untracked.sh");
    }

    @Test
    void checkpointsListsThemAsTextAndJson() {
        assertThat(scc("checkpoint", "--reason", "before refactor")).isZero();
        assertThat(scc("checkpoints")).isZero();
        assertThat(out.toString()).contains("before refactor");
        assertThat(scc("checkpoints", "--json", ws.toString())).isZero();
        assertThat(out.toString()).contains("\"reason\" : \"before refactor\"", "\"kind\" : \"Checkpoints\"");
    }

    @Test
    void restoreToANonEmptyDirectoryIsRefusedAndToANewOneLeavesTheWorkspaceAlone() throws Exception {
        assertThat(scc("checkpoint")).isZero();
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("keep"), "mine");
        assertThat(scc("restore", "--to", busy.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not an empty directory").contains("nothing was restored");
        assertThat(busy.resolve("keep")).hasContent("mine");
        Files.writeString(ws.resolve("later.txt"), "later");
        assertThat(scc("restore", "--to", tmp.resolve("copy").toString())).as(err.toString()).isZero();
        assertThat(tmp.resolve("copy/later.txt")).doesNotExist();
        assertThat(ws.resolve("later.txt")).exists();
        assertThat(tmp.resolve("copy/untracked.sh")).exists();
    }

    @Test
    void aCorruptCheckpointIsReportedAndNothingIsRestored() throws Exception {
        assertThat(scc("checkpoint")).isZero();
        Path objects = WorkspaceCheckpoints.storeDir(services.env(), ws).resolve("objects");
        try (var w = Files.walk(objects)) {
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                p.toFile().setWritable(true);
                Files.writeString(p, "tampered");
            }
        }
        Files.writeString(ws.resolve("tracked.txt"), "newer work\n");
        Map<String, String> now = snapshot(ws);
        assertThat(scc("restore")).isEqualTo(4);
        assertThat(err.toString()).contains("is corrupt").contains("nothing was restored");
        Map<String, String> after = snapshot(ws);
        assertThat(after).isEqualTo(now);
    }

    @Test
    void withoutAStoreTheCommandsSaySoAndHowToStartOne() {
        assertThat(scc("checkpoints")).isNotZero();
        assertThat(err.toString()).contains("no checkpoint store at").contains("scc checkpoint");
        assertThat(scc("restore")).isNotZero();
        assertThat(err.toString()).contains("no checkpoint store at");
    }

    private String git(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=dev", "-c", "user.email=dev@test", "-C",
                ws.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(argv + ": " + o).isZero();
        return o;
    }

    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (var w = Files.walk(root)) {
            for (Path p : w.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(rel, "L " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    m.put(rel, "D " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else {
                    m.put(rel, "F " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                            + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(Files.readAllBytes(p))));
                }
            }
        }
        return m;
    }
}
