package dev.scc.safety.internal.rules;

import dev.scc.safety.CommandFamily;
import dev.scc.safety.rules.BuiltinPack;
import dev.scc.safety.rules.BuiltinRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every rule the engine's analysers report, by id (used in verdicts and in {@code require_approval}); switch, message and
 * alternative come from the rule's row in {@link BuiltinPack}.
 */
public enum Rule {
    GIT_FORCE_PUSH("git.force_push"),
    GIT_PUSH_MIRROR("git.push_mirror"),
    GIT_PUSH_DELETE("git.push_delete"),
    GIT_PUSH_PROTECTED("git.push_protected_branch"),
    GIT_RESET_HARD("git.reset_hard"),
    GIT_RESET_MERGE("git.reset_merge"),
    GIT_BRANCH_FORCE_DELETE("git.branch_force_delete"),
    GIT_STASH_DROP("git.stash_drop"),
    GIT_STASH_CLEAR("git.stash_clear"),
    GIT_CLEAN_FORCE("git.clean_force"),
    GIT_CHECKOUT_PATH("git.checkout_path"),
    GIT_SWITCH_DISCARD("git.switch_discard"),
    GIT_RESTORE_WORKTREE("git.restore_worktree"),
    GIT_REFLOG_EXPIRE("git.reflog_expire"),
    GIT_GC_PRUNE("git.gc_prune"),
    GIT_PRUNE("git.prune"),
    GIT_FILTER_BRANCH("git.filter_branch"),
    GIT_WORKTREE_REMOVE_FORCE("git.worktree_remove_force"),
    NETWORK_DESTINATION("network.destination"),
    SHELL_UNPARSEABLE("shell.unparseable"),
    POLICY_INVALID("policy.invalid");

    private static final Map<String, Rule> BY_ID = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    /** Policy keys of the org schema that switch a group of rules (the reference's schema names). */
    public static final Map<String, Set<Rule>> GROUP_KEYS = BuiltinPack.GROUP_SWITCHES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                    e -> e.getValue().stream().map(id -> byId(id).orElseThrow()).collect(Collectors.toUnmodifiableSet())));

    private final String id;
    private final BuiltinRule data;

    Rule(String id) {
        this.id = id;
        this.data = BuiltinPack.byId(id).orElseThrow(() -> new IllegalStateException("no built-in rule " + id));
    }

    /** The rule's row in the built-in pack (the one table the engine and the renderers read). */
    public BuiltinRule data() {
        return data;
    }

    public String id() {
        return id;
    }

    /** The {@code security.safety_net} boolean that disables this rule, or empty if none does. */
    public Optional<String> policyKey() {
        return data.switchKey();
    }

    public String text() {
        return data.text();
    }

    public String alternative() {
        return data.alternative();
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
