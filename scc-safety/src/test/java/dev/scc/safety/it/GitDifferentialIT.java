package dev.scc.safety.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ground truth is git: generated command lines (option spellings and order, negations, abbreviations, config from
 * {@code -c} and {@code GIT_CONFIG_*}, equivalent plumbing) run for real, with git 2.39, in a throwaway copy of a
 * fixture (a bare remote whose main has a commit the clone never saw, a diverged clone with a dirty worktree, an
 * untracked file, a 2-hour-old unreachable object and a stash). Whenever git really forces or deletes a remote
 * ref, discards a worktree change, deletes the untracked file, prunes the object or drops the stash, the engine
 * must have blocked that argv.
 */
class GitDifferentialIT {
    private static final SafetyEngine ENGINE = new SafetyEngine(SafetyPolicy.defaults("git-differential"));
    private static Path fixture;
    private static Path scratch;
    private static String unreachable;

    @BeforeContainer
    static void buildFixture() throws Exception {
        RealParts.require(Files.isExecutable(Path.of("/usr/bin/git")), "git at /usr/bin/git");
        scratch = Files.createTempDirectory("scc-gitdiff");
        fixture = scratch.resolve("fixture");
        Files.createDirectories(fixture);
        sh(fixture, "git init -q --bare -b main remote.git"
                + " && git clone -q remote.git work 2>/dev/null && cd work && git config user.email a@b && git config user.name a"
                + " && git checkout -q -b main && echo 1 > f && git add f && git commit -qm one && git push -q origin main"
                + " && git push -q origin main:topic && cd .. && git clone -q remote.git other && cd other"
                + " && git config user.email a@b && git config user.name a && echo 2 >> f && git commit -qam two && git push -q origin main"
                + " && cd ../work && echo x > g && git add g && git commit -qm diverge"
                + " && echo stash >> f && git stash -q && echo dirty >> f && echo u > untracked.txt");
        unreachable = sh(fixture.resolve("work"), "echo unreachable-object | git hash-object -w --stdin").strip();
        sh(fixture.resolve("work"), "touch -d '2 hours ago' .git/objects/" + unreachable.substring(0, 2) + "/" + unreachable.substring(2));
    }

    @AfterContainer
    static void removeScratch() throws Exception {
        if (scratch != null) {
            sh(scratch.getParent(), "rm -rf '" + scratch + "'");
        }
    }

    /** What one real run did to the copy. */
    private record Effects(boolean remoteMainChanged, boolean topicDeleted, boolean worktreeLost, boolean untrackedDeleted,
            boolean objectPruned, boolean stashDropped, String output) {
        boolean destructive() {
            return remoteMainChanged || topicDeleted || worktreeLost || untrackedDeleted || objectPruned || stashDropped;
        }
    }

    private static int copies;

    private static Effects runReally(List<String> gitArgs, Map<String, String> env) throws Exception {
        Path copy = scratch.resolve("c" + (copies++));
        sh(scratch, "cp -a '" + fixture + "' '" + copy + "'");
        Path work = copy.resolve("work");
        String mainBefore = sh(copy, "git -C remote.git rev-parse main").strip();
        List<String> argv = new ArrayList<>(List.of("/usr/bin/git"));
        argv.addAll(gitArgs);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", copy.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_EDITOR", "true");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        String mainAfter = sh(copy, "git -C remote.git rev-parse main").strip();
        boolean topic = sh(copy, "git -C remote.git branch --list topic").isBlank();
        // a change moved into a new stash is kept, not lost
        boolean stashed = sh(work, "git stash list").lines().count() > 1;
        boolean lost = (!Files.exists(work.resolve("f")) || !Files.readString(work.resolve("f")).contains("dirty")) && !stashed;
        boolean untracked = !Files.exists(work.resolve("untracked.txt"));
        boolean pruned = !sh(work, "git cat-file -e " + unreachable + " && echo present || echo gone").contains("present");
        boolean stash = sh(work, "git stash list").isBlank();
        sh(scratch, "rm -rf '" + copy + "'");
        return new Effects(!mainAfter.equals(mainBefore), topic, lost, untracked, pruned, stash, out);
    }

    private static void differential(List<String> gitArgs, Map<String, String> env) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(gitArgs);
        Verdict v = ENGINE.evaluateArgv(argv, env);
        if (v.decision() == Decision.BLOCK) {
            return; // blocked: nothing runs (false positives are counted by the allow corpus, not here)
        }
        Effects e = runReally(gitArgs, env);
        assertThat(e.destructive()).as("engine allowed " + argv + " env " + env + " (" + v.reason() + ") but git did: " + e).isFalse();
    }

    // ---- push -------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<String>> pushLines() {
        Arbitrary<List<String>> globals = Arbitraries.of(List.of(), List.of("--no-pager"), List.of("-c", "remote.origin.push=+main:main"),
                List.of("-c", "remote.origin.push=:topic"), List.of("-c", "remote.origin.mirror=true"), List.of("-c", "push.default=current"),
                List.of("-c", "Remote.origin.Mirror"), List.of("-c", "remote.origin.push=main:main"));
        Arbitrary<String> option = Arbitraries.of("--force", "-f", "--no-force", "--force-with-lease", "--no-force-with-lease",
                "--force-if-includes", "-q", "-v", "--forc", "--force-w", "--mirror", "--no-mirror", "--atomic", "--dry-run",
                "--no-dry-run", "-n", "--prune", "--no-prune", "--delete", "--del", "--mirr", "-fq", "-vf", "--no-verify", "--thin");
        Arbitrary<List<String>> refs = Arbitraries.of(List.of("origin"), List.of("origin", "main"), List.of("origin", "+main"),
                List.of("origin", "main:main"), List.of("origin", "+main:main"), List.of("origin", "main:+main"), List.of("origin", "HEAD:main"),
                List.of("origin", "+HEAD:main"), List.of("origin", ":topic"), List.of("origin", "--all"), List.of("origin", "main", "+main:topic"));
        return Combinators.combine(globals, option.list().ofMaxSize(3), refs).as((g, o, r) -> {
            List<String> all = new ArrayList<>(g);
            all.add("push");
            all.addAll(o);
            all.addAll(r);
            return all;
        });
    }

    @Provide
    Arbitrary<Map<String, String>> configEnv() {
        return Arbitraries.of(Map.of(), Map.of(), Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "remote.origin.push",
                "GIT_CONFIG_VALUE_0", "+main:main"), Map.of("GIT_CONFIG_PARAMETERS", "'remote.origin.mirror'='true'"),
                Map.of("GIT_CONFIG_COUNT", "2", "GIT_CONFIG_KEY_0", "x.y", "GIT_CONFIG_VALUE_0", "1", "GIT_CONFIG_KEY_1", "clean.requireForce",
                        "GIT_CONFIG_VALUE_1", "false"));
    }

    @Property(tries = 80)
    void everyPushGitRunsDestructivelyIsBlocked(@ForAll("pushLines") List<String> line, @ForAll("configEnv") Map<String, String> env)
            throws Exception {
        differential(line, env);
    }

    @Property(tries = 15)
    void sendPackIsAPushToo(@ForAll("sendPack") List<String> line) throws Exception {
        differential(line, Map.of());
    }

    @Provide
    Arbitrary<List<String>> sendPack() {
        return Arbitraries.of("--force", "--mirror", "-v", "--all", "--dry-run").list().ofMaxSize(2).flatMap(o ->
                Arbitraries.of(List.of("main"), List.of("+main"), List.of(":topic"), List.of("main:topic")).map(r -> {
                    List<String> all = new ArrayList<>(List.of("send-pack"));
                    all.addAll(o);
                    all.add("../remote.git");
                    all.addAll(r);
                    return all;
                }));
    }

    // ---- worktree, untracked files, objects, stash ----------------------------------------------

    @Provide
    Arbitrary<List<String>> localLines() {
        Arbitrary<List<String>> globals = Arbitraries.of(List.of(), List.of("-c", "clean.requireForce=false"),
                List.of("-c", "clean.requireForce=0"), List.of("-c", "gc.pruneExpire=now"), List.of("-c", "gc.pruneExpire=0"),
                List.of("-c", "gc.pruneExpire=2.weeks.ago"));
        Arbitrary<List<String>> cmd = Arbitraries.oneOf(
                Arbitraries.of("-f", "-n", "--dry-run", "--no-dry-run", "-d", "-q", "--force", "-fn", "-nf", "-x", "--dry", "--forc")
                        .list().ofMaxSize(3).map(o -> concat(List.of("clean"), o)),
                Arbitraries.of("--hard", "--soft", "--mixed", "--keep", "--merge", "-q", "--har").list().ofMaxSize(3)
                        .map(o -> concat(List.of("reset"), o)),
                Arbitraries.of("--prune=now", "--prune=NOW", "--prune=0", "--prune=@0", "--prune=1.minute.ago", "--prune=never",
                        "--prune=2.weeks.ago", "--prune", "--no-prune", "--prune=now.", "--prune=3.days.ago", "-q", "--prune=all")
                        .list().ofMaxSize(2).map(o -> concat(List.of("gc"), o)),
                Arbitraries.of(List.of("prune"), List.of("prune", "-n"), List.of("prune", "--expire=now"), List.of("prune", "--expire=1.day.ago"),
                        List.of("prune", "-n", "--no-dry-run"), List.of("prune", "--expire", "1.hour.ago")),
                Arbitraries.of(List.of("stash", "drop"), List.of("stash", "clear"), List.of("stash", "-m", "clear"), List.of("stash", "list"),
                        List.of("stash", "push", "-m", "drop"), List.of("reflog", "delete", "stash@{0}"), List.of("reflog", "delete", "refs/stash@{0}"),
                        List.of("update-ref", "-d", "refs/stash"), List.of("reflog", "expire", "--expire=now", "--all"),
                        List.of("reflog", "expire", "--expire=now", "refs/stash")),
                Arbitraries.of(List.of("checkout", "."), List.of("checkout", "--", "f"), List.of("checkout", "-f"), List.of("checkout", "HEAD", "f"),
                        List.of("restore", "f"), List.of("restore", "-S", "f"), List.of("restore", "--staged", "--worktree", "f"),
                        List.of("read-tree", "-u", "--reset", "HEAD"), List.of("read-tree", "--reset", "-u", "HEAD"),
                        List.of("read-tree", "-m", "-u", "HEAD"), List.of("checkout-index", "-f", "-a"), List.of("checkout-index", "-a"),
                        List.of("checkout-index", "--force", "--", "f"), List.of("switch", "--discard-changes", "main"),
                        List.of("switch", "-f", "main"), List.of("status"), List.of("stash", "show")));
        return Combinators.combine(globals, cmd).as(GitDifferentialIT::concat);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Property(tries = 100)
    void everyLocalCommandThatLosesWorkIsBlocked(@ForAll("localLines") List<String> line, @ForAll("configEnv") Map<String, String> env)
            throws Exception {
        differential(line, env);
    }

    private static String sh(Path dir, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(pb.environment());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(script + " failed: " + out + env.size());
        }
        return out;
    }
}
