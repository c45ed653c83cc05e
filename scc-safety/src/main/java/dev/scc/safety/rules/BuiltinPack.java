package dev.scc.safety.rules;

import dev.scc.safety.Decision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in rule packs as data: the one table the in-sandbox engine (its verdict texts, switches and approvals)
 * and the native renderers (their static deny layer) both read. The git and network grammars that find these rules
 * live in the engine; everything else about a rule is here.
 */
public final class BuiltinPack {
    private BuiltinPack() {}

    private static BuiltinRule git(String id, String key, String text, String alt, List<List<String>> prefix, List<String> match,
            List<String> notMatch) {
        return new BuiltinRule(id, "git", key.isEmpty() ? Optional.empty() : Optional.of(key),
                id.equals("git.push_protected_branch") ? Decision.REQUIRE_APPROVAL : Decision.BLOCK, text, alt, prefix,
                new RuleTests(match, notMatch));
    }

    private static List<List<String>> prefix(List<String> sub, String... flags) {
        return flags.length == 0 ? List.of(List.of("git"), sub) : List.of(List.of("git"), sub, List.of(flags));
    }

    /** Every built-in rule, in a stable order. */
    public static final List<BuiltinRule> RULES = List.of(
            git("git.force_push", "block_force_push", "Force push destroys remote history.", "git push --force-with-lease",
                    prefix(List.of("push"), "--force", "-f"), List.of("git push --force origin main", "git push -f"),
                    List.of("git push origin main")),
            git("git.push_mirror", "block_push_mirror", "git push --mirror overwrites entire remote.", "git push (regular push)",
                    prefix(List.of("push"), "--mirror"), List.of("git push --mirror"), List.of("git push origin main")),
            git("git.push_delete", "block_push_delete", "git push --delete (or :ref, --prune) deletes remote branches or tags.",
                    "Delete remote branches through the hosting service, after review", List.of(),
                    List.of("git push --delete origin feature", "git push origin :feature"), List.of("git push origin feature")),
            git("git.push_protected_branch", "", "git push to a protected branch needs a human's approval.",
                    "Push to a feature branch and open a pull request", List.of(), List.of(), List.of()),
            git("git.reset_hard", "block_reset_hard", "git reset --hard destroys uncommitted changes.", "git stash (preserves changes)",
                    prefix(List.of("reset"), "--hard"), List.of("git reset --hard HEAD~1"), List.of("git reset --soft HEAD~1")),
            git("git.reset_merge", "block_reset_merge", "git reset --merge can discard uncommitted changes.",
                    "git stash (preserves changes)", List.of(), List.of("git reset --merge"), List.of("git reset HEAD~1")),
            git("git.branch_force_delete", "block_branch_force_delete", "git branch -D force-deletes without merge check.",
                    "git branch -d (requires merge check)", prefix(List.of("branch"), "-D"), List.of("git branch -D feature"),
                    List.of("git branch -d feature")),
            git("git.stash_drop", "block_stash_drop", "git stash drop permanently deletes stash entry.",
                    "Review with git stash list first", prefix(List.of("stash"), "drop"), List.of("git stash drop"),
                    List.of("git stash list")),
            git("git.stash_clear", "block_stash_clear", "git stash clear permanently deletes ALL stashes.",
                    "Review with git stash list first", prefix(List.of("stash"), "clear"), List.of("git stash clear"),
                    List.of("git stash list")),
            git("git.clean_force", "block_clean_force", "git clean -f destroys untracked files.", "git clean -n (dry-run preview)",
                    prefix(List.of("clean"), "-f", "-fd", "-df", "-fdx", "-xfd", "--force"), List.of("git clean -fd"),
                    List.of("git clean -n")),
            git("git.checkout_path", "block_checkout_path", "git checkout -- <path> destroys uncommitted changes.",
                    "git stash (preserves changes)", List.of(), List.of("git checkout -- src/Main.java"), List.of("git checkout -b topic")),
            git("git.switch_discard", "block_switch_discard", "git switch --discard-changes destroys uncommitted changes.",
                    "git stash, then git switch", List.of(), List.of("git switch --discard-changes main"), List.of("git switch main")),
            git("git.restore_worktree", "block_restore_worktree", "git restore <path> destroys uncommitted changes.",
                    "git stash (preserves changes), or git restore --staged <path> (only unstages, doesn't discard)", List.of(),
                    List.of("git restore src/Main.java"), List.of("git restore --staged src/Main.java")),
            git("git.reflog_expire", "block_reflog_expire", "reflog expire --expire-unreachable=now destroys recovery history.",
                    "Don't manually expire reflog; let Git handle it", List.of(), List.of("git reflog expire --expire-unreachable=now --all"),
                    List.of("git reflog")),
            git("git.gc_prune", "block_gc_prune", "git gc --prune=now immediately deletes objects.",
                    "git gc (default prune with grace period)", List.of(), List.of("git gc --prune=now"), List.of("git gc")),
            git("git.prune", "block_prune", "git prune deletes unreachable objects with no grace period.",
                    "git gc (default prune with grace period)", List.of(), List.of("git prune"), List.of("git log")),
            git("git.filter_branch", "block_filter_branch", "git filter-branch rewrites history destructively.",
                    "git filter-repo (external tool with safety checks)", List.of(List.of("git"), List.of("filter-branch")),
                    List.of("git filter-branch --all"), List.of("git log")),
            git("git.worktree_remove_force", "block_worktree_remove_force",
                    "git worktree remove --force deletes a worktree with uncommitted changes.",
                    "git worktree remove (refuses when the worktree is dirty)", List.of(),
                    List.of("git worktree remove --force ../wt"), List.of("git worktree remove ../wt")),
            new BuiltinRule("network.destination", "network", Optional.empty(), Decision.BLOCK,
                    "the destination is not in this session's allowed destinations.",
                    "Use an allowed destination, or ask an administrator to add it to a destination set", List.of(),
                    new RuleTests(List.of("curl https://example.invalid/"), List.of("ls"))),
            new BuiltinRule("shell.unparseable", "engine", Optional.empty(), Decision.BLOCK, "the command cannot be analysed safely.",
                    "Rewrite the command in plain shell syntax", List.of(), RuleTests.NONE),
            new BuiltinRule("policy.invalid", "engine", Optional.empty(), Decision.BLOCK,
                    "the safety policy could not be loaded, so every git and network command is blocked.",
                    "Fix the policy (see the reason) and restart the session", List.of(), RuleTests.NONE));

    private static final Map<String, BuiltinRule> BY_ID =
            RULES.stream().collect(Collectors.toUnmodifiableMap(BuiltinRule::id, Function.identity()));

    /**
     * {@code security.safety_net} keys that switch a group of rules (the reference schema's names), beside every
     * rule's own {@link BuiltinRule#switchKey}.
     */
    public static final Map<String, Set<String>> GROUP_SWITCHES = Map.of(
            "block_checkout_restore", Set.of("git.checkout_path", "git.restore_worktree", "git.switch_discard"),
            "block_clean", Set.of("git.clean_force"),
            "block_stash_destructive", Set.of("git.stash_drop", "git.stash_clear"));

    /** The built-in rule with this id. */
    public static Optional<BuiltinRule> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** The rule ids a {@code security.safety_net} key switches (its own rule, or a group); empty for other keys. */
    public static Set<String> switched(String key) {
        if (GROUP_SWITCHES.containsKey(key)) {
            return GROUP_SWITCHES.get(key);
        }
        return RULES.stream().filter(r -> r.switchKey().map(key::equals).orElse(false)).map(BuiltinRule::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** True when {@code id} is reserved for built-in rules (its prefix is a built-in pack's namespace). */
    public static boolean reserved(String id) {
        return BY_ID.containsKey(id) || id.startsWith("git.") || id.startsWith("network.") || id.startsWith("shell.")
                || id.startsWith("policy.");
    }

    /**
     * The built-in git and network rules in effect under {@code safetyNet} (the {@code security.safety_net} section as
     * parsed values), with the decision the engine gives them: switched-off rules are left out, {@code action: allow}
     * leaves none, {@code action: warn} makes them warnings, {@code require_approval} ids ask a human, and the
     * protected-branch rule is present only when approval is required for it.
     */
    public static List<ActionRule> effective(Map<String, ?> safetyNet) {
        Object action = safetyNet.get("action");
        if ("allow".equals(action)) {
            return List.of();
        }
        Object approvals = safetyNet.get("require_approval");
        Set<?> approval = approvals instanceof java.util.Collection ? Set.copyOf((java.util.Collection<?>) approvals) : Set.of();
        List<ActionRule> out = new java.util.ArrayList<>();
        for (BuiltinRule r : RULES) {
            if (r.pack().equals("engine") || switchedOff(r, safetyNet)) {
                continue;
            }
            if (r.decision() == Decision.REQUIRE_APPROVAL && !approval.contains(r.id())) {
                continue;
            }
            Decision d = approval.contains(r.id()) ? Decision.REQUIRE_APPROVAL
                    : "warn".equals(action) && r.decision() == Decision.BLOCK ? Decision.WARN : r.decision();
            out.add(r.asRule().withDecision(d));
        }
        return List.copyOf(out);
    }

    private static boolean switchedOff(BuiltinRule r, Map<String, ?> safetyNet) {
        return r.switchKey().map(k -> Boolean.FALSE.equals(safetyNet.get(k))).orElse(false)
                || GROUP_SWITCHES.entrySet().stream()
                        .anyMatch(g -> g.getValue().contains(r.id()) && Boolean.FALSE.equals(safetyNet.get(g.getKey())));
    }

    /**
     * The built-in rules {@code safetyNet} (the {@code security.safety_net} section as parsed values) keeps on and
     * that have a native prefix: what the renderers write. No section means every rule on; {@code action: allow}
     * turns the net off; a rule is off only when its switch is literally {@code false} (anything else fails closed).
     */
    public static List<BuiltinRule> nativeRules(Map<String, ?> safetyNet) {
        if ("allow".equals(String.valueOf(safetyNet.get("action")))) {
            return List.of();
        }
        return RULES.stream().filter(r -> !r.nativePrefix().isEmpty()).filter(r -> !switchedOff(r, safetyNet))
                .collect(Collectors.toUnmodifiableList());
    }
}
