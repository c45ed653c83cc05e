package dev.scc.safety.internal.rules;

import dev.scc.safety.CommandFamily;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every rule the engine knows: its id (used in verdicts and in {@code require_approval}), the policy key that turns it off, and its default message. */
public enum Rule {
    GIT_FORCE_PUSH("git.force_push", "block_force_push", "Force push destroys remote history.", "git push --force-with-lease"),
    GIT_PUSH_MIRROR("git.push_mirror", "block_push_mirror", "git push --mirror overwrites entire remote.", "git push (regular push)"),
    GIT_PUSH_DELETE("git.push_delete", "block_push_delete", "git push --delete (or :ref, --prune) deletes remote branches or tags.",
            "Delete remote branches through the hosting service, after review"),
    GIT_PUSH_PROTECTED("git.push_protected_branch", "require_approval", "git push to a protected branch needs a human's approval.",
            "Push to a feature branch and open a pull request"),
    GIT_RESET_HARD("git.reset_hard", "block_reset_hard", "git reset --hard destroys uncommitted changes.", "git stash (preserves changes)"),
    GIT_RESET_MERGE("git.reset_merge", "block_reset_merge", "git reset --merge can discard uncommitted changes.", "git stash (preserves changes)"),
    GIT_BRANCH_FORCE_DELETE("git.branch_force_delete", "block_branch_force_delete", "git branch -D force-deletes without merge check.",
            "git branch -d (requires merge check)"),
    GIT_STASH_DROP("git.stash_drop", "block_stash_drop", "git stash drop permanently deletes stash entry.", "Review with git stash list first"),
    GIT_STASH_CLEAR("git.stash_clear", "block_stash_clear", "git stash clear permanently deletes ALL stashes.", "Review with git stash list first"),
    GIT_CLEAN_FORCE("git.clean_force", "block_clean_force", "git clean -f destroys untracked files.", "git clean -n (dry-run preview)"),
    GIT_CHECKOUT_PATH("git.checkout_path", "block_checkout_path", "git checkout -- <path> destroys uncommitted changes.", "git stash (preserves changes)"),
    GIT_SWITCH_DISCARD("git.switch_discard", "block_switch_discard", "git switch --discard-changes destroys uncommitted changes.",
            "git stash, then git switch"),
    GIT_RESTORE_WORKTREE("git.restore_worktree", "block_restore_worktree", "git restore <path> destroys uncommitted changes.",
            "git stash (preserves changes), or git restore --staged <path> (only unstages, doesn't discard)"),
    GIT_REFLOG_EXPIRE("git.reflog_expire", "block_reflog_expire", "reflog expire --expire-unreachable=now destroys recovery history.",
            "Don't manually expire reflog; let Git handle it"),
    GIT_GC_PRUNE("git.gc_prune", "block_gc_prune", "git gc --prune=now immediately deletes objects.", "git gc (default prune with grace period)"),
    GIT_PRUNE("git.prune", "block_prune", "git prune deletes unreachable objects with no grace period.", "git gc (default prune with grace period)"),
    GIT_FILTER_BRANCH("git.filter_branch", "block_filter_branch", "git filter-branch rewrites history destructively.",
            "git filter-repo (external tool with safety checks)"),
    GIT_WORKTREE_REMOVE_FORCE("git.worktree_remove_force", "block_worktree_remove_force",
            "git worktree remove --force deletes a worktree with uncommitted changes.", "git worktree remove (refuses when the worktree is dirty)"),
    NETWORK_DESTINATION("network.destination", "network_tools", "the destination is not in this session's allowed destinations.",
            "Use an allowed destination, or ask an administrator to add it to a destination set"),
    SHELL_UNPARSEABLE("shell.unparseable", "", "the command cannot be analysed safely.", "Rewrite the command in plain shell syntax"),
    POLICY_INVALID("policy.invalid", "", "the safety policy could not be loaded, so every git and network command is blocked.",
            "Fix the policy (see the reason) and restart the session");

    private static final Map<String, Rule> BY_ID = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    /** Policy keys of the org schema that switch a group of rules (the reference's schema names). */
    public static final Map<String, Set<Rule>> GROUP_KEYS = Map.of(
            "block_checkout_restore", Set.of(GIT_CHECKOUT_PATH, GIT_RESTORE_WORKTREE, GIT_SWITCH_DISCARD),
            "block_clean", Set.of(GIT_CLEAN_FORCE),
            "block_stash_destructive", Set.of(GIT_STASH_DROP, GIT_STASH_CLEAR));

    private final String id;
    private final String policyKey;
    private final String text;
    private final String alternative;

    Rule(String id, String policyKey, String text, String alternative) {
        this.id = id;
        this.policyKey = policyKey;
        this.text = text;
        this.alternative = alternative;
    }

    public String id() {
        return id;
    }

    /** The {@code security.safety_net} boolean that disables this rule, or empty if none does. */
    public Optional<String> policyKey() {
        return policyKey.startsWith("block_") ? Optional.of(policyKey) : Optional.empty();
    }

    public String text() {
        return text;
    }

    public String alternative() {
        return alternative;
    }

    public CommandFamily family() {
        if (id.startsWith("git.")) {
            return CommandFamily.DESTRUCTIVE_GIT;
        }
        if (id.startsWith("network.")) {
            return CommandFamily.NETWORK_TOOL;
        }
        return id.startsWith("policy.") ? CommandFamily.POLICY : CommandFamily.SHELL;
    }

    public static Optional<Rule> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** Rules that policy may switch to {@code require_approval}: every git rule. */
    public static List<Rule> approvable() {
        return Arrays.stream(values()).filter(r -> r.family() == CommandFamily.DESTRUCTIVE_GIT).collect(Collectors.toUnmodifiableList());
    }
}
