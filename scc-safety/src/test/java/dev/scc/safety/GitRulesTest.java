package dev.scc.safety;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every git rule, the reference's subtle cases (its section 10) and the rule gaps it left open (its section 8 B). */
class GitRulesTest {

    @TestFactory
    Stream<DynamicTest> referenceRulesBlock() {
        return Cases.table(new String[][] {
            {"git push --force", "git.force_push"},
            {"git push -f origin main", "git.force_push"},
            {"git push origin +main", "git.force_push"},
            {"git push origin +HEAD:refs/heads/main", "git.force_push"},
            {"git push origin HEAD:+main", "git.force_push"},
            {"git push --mirror", "git.push_mirror"},
            {"git reset --hard", "git.reset_hard"},
            {"git reset --hard HEAD~1", "git.reset_hard"},
            {"git branch -D feature", "git.branch_force_delete"},
            {"git branch --delete --force feature", "git.branch_force_delete"},
            {"git stash drop", "git.stash_drop"},
            {"git stash clear", "git.stash_clear"},
            {"git clean -f", "git.clean_force"},
            {"git clean -fd", "git.clean_force"},
            {"git checkout -- file.txt", "git.checkout_path"},
            {"git restore file.txt", "git.restore_worktree"},
            {"git restore --worktree file.txt", "git.restore_worktree"},
            {"git reflog expire --expire-unreachable=now --all", "git.reflog_expire"},
            {"git reflog expire --expire-unreachable now --all", "git.reflog_expire"},
            {"git gc --prune=now", "git.gc_prune"},
            {"git filter-branch --tree-filter 'rm x' HEAD", "git.filter_branch"},
            {"git filter-branch", "git.filter_branch"},
        });
    }

    @TestFactory
    Stream<DynamicTest> ordinaryGitStaysAllowed() {
        return Cases.table(new String[][] {
            {"git status", "allow"},
            {"git push", "allow"},
            {"git push origin main", "allow"},
            {"git push --force-with-lease", "allow"},
            {"git push --force-if-includes origin main", "allow"},
            {"git push origin ++main", "allow"},
            {"git reset --soft HEAD~1", "allow"},
            {"git reset --keep HEAD~1", "allow"},
            {"git reset -- path", "allow"},
            {"git branch -d merged", "allow"},
            {"git branch -f main HEAD~1", "allow"},
            {"git branch -M new-name", "allow"},
            {"git stash", "allow"},
            {"git stash list", "allow"},
            {"git stash pop", "allow"},
            {"git clean -n", "allow"},
            {"git clean -d", "allow"},
            {"git checkout main", "allow"},
            {"git checkout -b feature origin/main", "allow"},
            {"git checkout --", "allow"},
            {"git restore --staged file.txt", "allow"},
            {"git restore -S file.txt", "allow"},
            {"git restore --staged", "allow"},
            {"git reflog", "allow"},
            {"git reflog delete HEAD@{1}", "allow"},
            {"git gc", "allow"},
            {"git gc --aggressive", "allow"},
            {"git gc --prune=2.weeks.ago", "allow"},
            {"git filter-repo --path x", "allow"},
            {"git commit --amend", "allow"},
            {"git rebase -i HEAD~3", "allow"},
            {"git tag -d v1", "allow"},
            {"git clone https://example.com/x.git", "allow"},
            {"git fetch --prune", "allow"},
            {"git worktree remove wt", "allow"},
            {"git worktree add ../wt", "allow"},
            {"git switch main", "allow"},
            {"git switch -c feature", "allow"},
            {"git prune --dry-run", "allow"},
            {"git prune --expire=2.weeks.ago", "allow"},
            {"GIT push --force", "allow"},
        });
    }

    /** Reference section 10: one test per subtle rule, with our decision where we deliberately differ. */
    @TestFactory
    Stream<DynamicTest> referenceSubtleCases() {
        return Cases.table(new String[][] {
            // 10.1 help/version exempts (before "--"), including "git help"
            {"git push --force -h", "allow"},
            {"git reset --hard --help", "allow"},
            {"git help push", "allow"},
            {"git --version push --force", "allow"},
            {"git checkout -- src/ -h", "git.checkout_path"}, // after "--", -h is a pathspec: no exemption
            // 10.2 --force-with-lease alone is allowed; combined with another force the ref IS forced (real git 2.39
            // overwrote a remote commit it never saw in GitDifferentialIT), so, unlike the reference, it blocks
            {"git push --force --force-with-lease", "git.force_push"},
            {"git push -f --force-with-lease", "git.force_push"},
            {"git push --force-with-lease origin +main", "git.force_push"},
            {"git push --force-with-lease origin main", "allow"},
            {"git push --force-with-lease=main:abc origin main", "allow"},
            {"git push --mirror --force-with-lease", "git.push_mirror"},
            // 10.3 a short bundle containing f forces (push and clean); only exact -n/--dry-run exempt clean
            {"git push -vf", "git.force_push"},
            {"git push -uf origin main", "git.force_push"},
            {"git clean -xfd", "git.clean_force"},
            {"git clean -f -n", "allow"},
            {"git clean --force --dry-run", "allow"},
            {"git clean -nf", "git.clean_force"},
            {"git clean -fn", "git.clean_force"},
            {"git push -n -f", "git.force_push"},
            // 10.4 branch: the reference let these through; git force-deletes with all of them, so we block
            {"git branch -d --force x", "git.branch_force_delete"},
            {"git branch -Df x", "git.branch_force_delete"},
            {"git branch -d -f x", "git.branch_force_delete"},
            {"git branch --delete -f x", "git.branch_force_delete"},
            {"git branch -fd x", "git.branch_force_delete"},
            // 10.5 restore: safe only with staged and without worktree; values of -s are not paths but paths remain
            {"git restore -SW file", "git.restore_worktree"},
            {"git restore -s main file", "git.restore_worktree"},
            {"git restore --source=HEAD~1 file", "git.restore_worktree"},
            {"git restore -- file", "git.restore_worktree"},
            {"git restore .", "git.restore_worktree"},
            {"git restore --staged -s main file", "allow"},
            // 10.6 checkout: the reference only blocked "-- path"; path-mode checkout is closed here
            {"git checkout .", "git.checkout_path"},
            {"git checkout HEAD file.txt", "git.checkout_path"},
            {"git checkout main -- src/a.c", "git.checkout_path"},
            {"git checkout file.txt", "allow"}, // one operand: git cannot tell branch from file either; treated as a branch
            // 10.7 stash looks at its subcommand; reflog needs expire + now; gc needs --prune=now; filter-branch always
            {"git stash -q drop", "git.stash_drop"},
            {"git reflog expire --expire=now --all", "git.reflog_expire"},
            {"git reflog expire --expire-unreachable=all", "git.reflog_expire"},
            {"git reflog expire --expire=90.days.ago", "allow"},
            {"git gc --prune now", "git.gc_prune"},
            {"git gc --prune=all", "git.gc_prune"},
        });
    }

    /** Reference section 8 B: its rule gaps, closed. */
    @TestFactory
    Stream<DynamicTest> referenceRuleGapsAreClosed() {
        return Cases.table(new String[][] {
            {"git --no-pager push --force", "git.force_push"},
            {"git -P reset --hard", "git.reset_hard"},
            {"git -p push -f", "git.force_push"},
            {"git -C/tmp/repo reset --hard", "git.reset_hard"},
            {"git -C /tmp/repo reset --hard", "git.reset_hard"},
            {"git -c color.ui=never push -f", "git.force_push"},
            {"git -ccolor.ui=never push -f", "git.force_push"},
            {"git --git-dir=.git --work-tree=. reset --hard", "git.reset_hard"},
            {"git --bare --literal-pathspecs --namespace=x push --force", "git.force_push"},
            {"git -c alias.nuke='push --force' nuke", "git.force_push"},
            {"git -c alias.nuke='!git push -f' nuke", "git.force_push"},
            {"git -c alias.zap=reset zap --hard", "git.reset_hard"},
            {"git --config-env=alias.x=EVIL x", "shell.unparseable"},
            {"git config alias.nuke 'push --force'", "git.force_push"},
            {"git config --global alias.wipe '!git reset --hard'", "git.reset_hard"},
            {"git config alias.st status", "allow"},
            {"git switch --discard-changes main", "git.switch_discard"},
            {"git switch -f main", "git.switch_discard"},
            {"git checkout -f main", "git.checkout_path"},
            {"git checkout --force main", "git.checkout_path"},
            {"git reset --merge", "git.reset_merge"},
            {"git worktree remove --force wt", "git.worktree_remove_force"},
            {"git worktree remove -f wt", "git.worktree_remove_force"},
            {"git push --delete origin branch", "git.push_delete"},
            {"git push origin --delete branch", "git.push_delete"},
            {"git push -d origin branch", "git.push_delete"},
            {"git push origin :branch", "git.push_delete"},
            {"git push --prune origin", "git.push_delete"},
            {"git prune", "git.prune"},
            {"git prune --expire=now", "git.prune"},
            {"git push --mirr", "git.push_mirror"}, // unique abbreviation of --mirror, as git's parse-options accepts
            {"git reset --har", "git.reset_hard"},
            {"git push --del origin x", "git.push_delete"},
            {"git switch --discard main", "git.switch_discard"},
            {"git -c clean.requireForce=false clean -d", "git.clean_force"},
            {"git config clean.requireForce false", "git.clean_force"},
            {"git -c gc.pruneExpire=now gc", "git.gc_prune"},
            {"/usr/bin/git push --force", "git.force_push"},
            {"./git push --force", "git.force_push"},
            {"/usr/lib/scc/real/git reset --hard", "git.reset_hard"},
        });
    }

    /** Rule gaps left open on purpose (each states why). */
    @TestFactory
    Stream<DynamicTest> documentedOutOfScope() {
        return Cases.table(new String[][] {
            // update-ref -d and rm -rf: recoverable from the reflog / the index, and not in docs/safety.md's list
            {"git update-ref -d refs/heads/x", "allow"},
            {"git rm -rf src", "allow"},
            // --forc is ambiguous (force, force-with-lease, force-if-includes): git refuses to run it
            {"git push --forc", "allow"},
            // commands are case-sensitive on Linux: GIT is "command not found"
            {"GIT CHECKOUT -- file", "allow"},
        });
    }
}
