package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 13, classes 2, 3, 4 and 8 for git: the last of an on/off option wins, every force combined with a lease
 * forces, expiry spellings as git's approxidate reads them, equivalent operations (send-pack, refspecs and mirror
 * through config, plumbing that overwrites the worktree, stash deletion through the reflog or update-ref, gc and
 * maintenance with expiry config), config from {@code -c} and {@code GIT_CONFIG_*}. GitDifferentialIT runs the
 * same kinds of command against real repositories.
 */
class GitGrammarTest {

    @TestFactory
    Stream<DynamicTest> laterOptionsOverrideEarlierOnes() {
        return Cases.table(new String[][] {
            {"git push --force --no-force origin main", "allow"},
            {"git push --no-force --force origin main", "git.force_push"},
            {"git push --no-force -f origin main", "git.force_push"},
            {"git reset --hard --soft HEAD~1", "allow"},
            {"git reset --soft --hard HEAD~1", "git.reset_hard"},
            {"git reset --keep --merge", "git.reset_merge"},
            {"git clean -n --no-dry-run -f", "git.clean_force"},
            {"git clean --dry-run -f", "allow"},
            {"git prune -n --no-dry-run", "git.prune"},
            {"git push --delete --no-delete origin x", "allow"},
            {"git push --prune --no-prune origin", "allow"},
            {"git push --mirror --no-mirror origin", "allow"},
            {"git push --for origin main", "allow"}, // ambiguous abbreviation: git refuses to run
            {"git push --forc origin main", "allow"}, // ambiguous too (force, force-with-lease, force-if-includes)
            {"git push --no-forc origin main", "allow"},
            {"git push --mirr origin", "git.push_mirror"},
            {"git push --del origin x", "git.push_delete"},
        });
    }

    @TestFactory
    Stream<DynamicTest> leaseCombinedWithAnotherForceForces() {
        return Cases.table(new String[][] {
            {"git push --force-with-lease origin main", "allow"},
            {"git push --force-with-lease=main:abc origin main", "allow"},
            {"git push --force-with-lease --force-if-includes origin main", "allow"},
            {"git push --force-with-lease --force origin main", "git.force_push"},
            {"git push --force-with-lease -f origin main", "git.force_push"},
            {"git push --force-with-lease origin +main", "git.force_push"},
            {"git push --force-with-lease origin main:+main", "git.force_push"},
            {"git push --force-with-lease -c origin main", "allow"}, // -c of push is not a force
        });
    }

    @TestFactory
    Stream<DynamicTest> expirySpellingsAsGitReadsThem() {
        // measured with git 2.39: a 2-hour-old unreachable object is pruned by each of the blocking spellings
        return Cases.table(new String[][] {
            {"git gc --prune=now", "git.gc_prune"},
            {"git gc --prune=NOW", "git.gc_prune"},
            {"git gc --prune=now.", "git.gc_prune"},
            {"git gc --prune=0", "git.gc_prune"},
            {"git gc --prune=@0", "git.gc_prune"},
            {"git gc --prune=1.second.ago", "git.gc_prune"},
            {"git gc --prune=1.minute.ago", "git.gc_prune"},
            {"git gc --prune=all", "git.gc_prune"},
            {"git gc --prune", "allow"},
            {"git gc --prune=never", "allow"},
            {"git gc --prune=2.weeks.ago", "allow"},
            {"git gc --prune='3 days ago'", "allow"},
            {"git gc --prune=yesterday", "allow"},
            {"git gc --prune=now --no-prune", "allow"},
            {"git gc --no-prune --prune=now", "git.gc_prune"},
            {"git reflog expire --expire=0 --all", "git.reflog_expire"},
            {"git reflog expire --expire-unreachable=1.hour.ago --all", "git.reflog_expire"},
            {"git reflog expire --expire=90.days.ago --all", "allow"},
            {"git prune --expire=1.hour.ago", "git.prune"},
            {"git prune --expire=1.day.ago", "allow"},
        });
    }

    @TestFactory
    Stream<DynamicTest> equivalentOperations() {
        return Cases.table(new String[][] {
            {"git send-pack --force ../remote.git main", "git.force_push"},
            {"git send-pack ../remote.git +main", "git.force_push"},
            {"git send-pack --mirror ../remote.git", "git.push_mirror"},
            {"git send-pack ../remote.git :old", "git.push_delete"},
            {"git send-pack ../remote.git main", "allow"},
            {"git -c remote.origin.push=+main:main push origin", "git.force_push"},
            {"git -c remote.origin.push=+refs/heads/*:refs/heads/* push", "git.force_push"},
            {"git -c remote.origin.push=:main push origin", "git.push_delete"},
            {"git -c remote.origin.push=+main:main push origin main", "allow"}, // explicit refspecs replace the config
            {"git -c remote.origin.mirror=true push origin", "git.push_mirror"},
            {"git -c Remote.Origin.Mirror push origin", "git.push_mirror"},
            {"git -c remote.origin.mirror=false push origin", "allow"},
            {"git read-tree --reset -u HEAD", "git.checkout_path"},
            {"git read-tree -u --reset HEAD", "git.checkout_path"},
            {"git read-tree -m -u HEAD", "allow"}, // two-way merge: git refuses to lose changes
            {"git read-tree HEAD", "allow"},
            {"git checkout-index -a -f", "git.checkout_path"},
            {"git checkout-index --force -- file", "git.checkout_path"},
            {"git checkout-index -a", "allow"},
            {"git reflog delete stash@{0}", "git.stash_drop"},
            {"git reflog delete --rewrite refs/stash@{1}", "git.stash_drop"},
            {"git reflog delete HEAD@{1}", "allow"},
            {"git update-ref -d refs/stash", "git.stash_clear"},
            {"git update-ref -d refs/heads/topic", "allow"},
            {"git -c gc.pruneExpire=now gc", "git.gc_prune"},
            {"git -c gc.reflogExpire=now gc", "git.reflog_expire"},
            {"git -c gc.reflogExpireUnreachable=0 gc --auto", "git.reflog_expire"},
            {"git -c gc.pruneExpire=now maintenance run", "git.gc_prune"},
            {"git -c gc.pruneExpire=now maintenance run --task=gc", "git.gc_prune"},
            {"git -c gc.pruneExpire=now maintenance run --task=commit-graph", "allow"},
            {"git maintenance run", "allow"},
            {"git -c gc.reflogExpire=now reflog expire --all", "git.reflog_expire"},
            {"git -c clean.requireForce=0 clean", "git.clean_force"},
            {"git -c clean.requireForce clean", "allow"},
        });
    }

    @TestFactory
    Stream<DynamicTest> falsePositivesOfTheOldReading() {
        return Cases.table(new String[][] {
            {"git stash -m clear", "allow"},
            {"git stash -m drop", "allow"},
            {"git stash push -m 'drop the cache'", "allow"},
            {"git stash save clear", "allow"},
            {"git stash --message=clear", "allow"},
            {"git stash drop", "git.stash_drop"},
            {"git stash clear", "git.stash_clear"},
            {"git restore -p file.txt", "allow"},
            {"git restore --patch .", "allow"},
            {"git restore file.txt", "git.restore_worktree"},
        });
    }

    @Test
    void configFromTheEnvironmentCounts() {
        SafetyEngine e = Cases.DEFAULT;
        Map<String, String> count = Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "remote.origin.push",
                "GIT_CONFIG_VALUE_0", "+main:main");
        assertThat(e.evaluateArgv(List.of("git", "push", "origin"), count).rule()).contains("git.force_push");
        assertThat(e.evaluateArgv(List.of("git", "push", "origin", "main"), count).decision()).isEqualTo(Decision.ALLOW);
        Map<String, String> params = Map.of("GIT_CONFIG_PARAMETERS", "'clean.requireforce'='false'");
        assertThat(e.evaluateArgv(List.of("git", "clean", "-d"), params).rule()).contains("git.clean_force");
        assertThat(e.evaluateArgv(List.of("git", "gc"), Map.of("GIT_CONFIG_PARAMETERS", "'gc.pruneexpire'='now' 'x.y'='1'")).rule())
                .contains("git.gc_prune");
        assertThat(e.evaluateArgv(List.of("git", "push", "origin"), Map.of("GIT_CONFIG_GLOBAL", "/tmp/agent.cfg")).rule())
                .contains("shell.unparseable");
        assertThat(e.evaluateArgv(List.of("git", "status"), Map.of("GIT_CONFIG_GLOBAL", "/tmp/agent.cfg")).decision())
                .isEqualTo(Decision.ALLOW);
        // written before the command in a hook's line
        assertThat(Cases.line("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.mirror GIT_CONFIG_VALUE_0=true git push origin")
                .rule()).contains("git.push_mirror");
    }

    @Provide
    Arbitrary<String> forceSpelling() {
        return Arbitraries.of("--force", "-f", "-vf", "-fq", "--forc=", "origin +main", "origin main:+main", "--no-force --force");
    }

    @Provide
    Arbitrary<List<String>> harmlessPushOptions() {
        return Arbitraries.of("-v", "-q", "--progress", "--no-verify", "--force-with-lease", "--force-if-includes", "--atomic",
                "-u", "--set-upstream", "--tags", "--follow-tags", "-o ci.skip", "--push-option=x", "--thin", "--no-force-with-lease")
                .list().ofMaxSize(4);
    }

    @Property(tries = 300)
    void anyForceInAnyOrderAmongOtherOptionsBlocks(@ForAll("forceSpelling") String force,
            @ForAll("harmlessPushOptions") List<String> before, @ForAll("harmlessPushOptions") List<String> after) {
        String f = force.equals("--forc=") ? "--force" : force;
        String line = "git push " + String.join(" ", before) + " " + f + " " + String.join(" ", after)
                + (f.startsWith("origin") ? "" : " origin main");
        assertThat(Cases.line(line).rule()).as(line).contains("git.force_push");
    }

    @Property(tries = 300)
    void harmlessPushOptionsAlone(@ForAll("harmlessPushOptions") List<String> opts) {
        String line = "git push " + String.join(" ", opts) + " origin main";
        assertThat(Cases.line(line).decision()).as(line).isEqualTo(Decision.ALLOW);
    }
}
