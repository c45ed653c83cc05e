package dev.scc.safety;

import dev.scc.safety.internal.rules.Rule;
import dev.scc.safety.rules.RuleSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled {@code security.safety_net} policy. {@link #failure()} is present when the policy could
 * not be loaded: then every guarded (git or network) command is blocked with that reason.
 *
 * @param action what a matched rule does: {@code block}, {@code warn} (run, but say so) or {@code allow} (engine off)
 * @param disabledRules rule ids switched off by {@code block_*: false}
 * @param networkTools how network tools are judged
 * @param allowedDestinations host patterns network tools may reach ({@code host}, {@code *.domain}, {@code .domain})
 * @param requireApproval rule ids whose match asks a human instead of blocking
 * @param protectedBranches branch patterns for {@code git.push_protected_branch}
 * @param source where the policy came from (for messages)
 * @param rules the org's own action rules (and delegated team and project rules), evaluated beside the built-in packs
 * @param blocksEverything true when the failure makes every governed action unjudgeable (the rules did not load),
 *     so every command, not only the guarded ones, is blocked
 */
public record SafetyPolicy(
        Action action,
        Set<String> disabledRules,
        NetworkMode networkTools,
        List<String> allowedDestinations,
        Set<String> requireApproval,
        List<String> protectedBranches,
        Optional<String> failure,
        String source,
        RuleSet rules,
        boolean blocksEverything) {

    /** The policy action vocabulary. */
    public enum Action {
        BLOCK, WARN, ALLOW
    }

    /** The default protected branches. */
    public static final List<String> DEFAULT_PROTECTED_BRANCHES = List.of("main", "release/*");

    public SafetyPolicy {
        disabledRules = Set.copyOf(disabledRules);
        allowedDestinations = List.copyOf(allowedDestinations);
        requireApproval = Set.copyOf(requireApproval);
        protectedBranches = List.copyOf(protectedBranches);
        java.util.Objects.requireNonNull(rules, "rules");
    }

    /** A policy with no action rules of its own (the built-in packs only). */
    public SafetyPolicy(Action action, Set<String> disabledRules, NetworkMode networkTools, List<String> allowedDestinations,
            Set<String> requireApproval, List<String> protectedBranches, Optional<String> failure, String source) {
        this(action, disabledRules, networkTools, allowedDestinations, requireApproval, protectedBranches, failure, source,
                RuleSet.EMPTY, false);
    }

    /** A copy with these action rules. */
    public SafetyPolicy withRules(RuleSet newRules) {
        return new SafetyPolicy(action, disabledRules, networkTools, allowedDestinations, requireApproval, protectedBranches,
                failure, source, newRules, blocksEverything);
    }

    /** A policy whose action rules could not be loaded: every command is blocked with {@code why} (fail closed). */
    public static SafetyPolicy brokenRules(String why, String source) {
        return new SafetyPolicy(Action.BLOCK, Set.of(), NetworkMode.BLOCK_ALL, List.of(), Set.of(),
                DEFAULT_PROTECTED_BRANCHES, Optional.of(why), source, RuleSet.EMPTY, true);
    }

    /** Every rule on, network tools judged by destination with no destination allowed, no approvals. */
    public static SafetyPolicy defaults(String source) {
        return new SafetyPolicy(Action.BLOCK, Set.of(), NetworkMode.DESTINATION, List.of(), Set.of(),
                DEFAULT_PROTECTED_BRANCHES, Optional.empty(), source);
    }

    /** A policy that could not be loaded: every guarded command is blocked with {@code why}. */
    public static SafetyPolicy broken(String why, String source) {
        return new SafetyPolicy(Action.BLOCK, Set.of(), NetworkMode.BLOCK_ALL, List.of(), Set.of(),
                DEFAULT_PROTECTED_BRANCHES, Optional.of(why), source);
    }

    /** True when {@code ruleId} is switched off. */
    public boolean disabled(String ruleId) {
        return disabledRules.contains(ruleId);
    }

    /** True when the protected-branch push rule is active (it is only ever an approval rule). */
    public boolean protectsBranches() {
        return requireApproval.contains(Rule.GIT_PUSH_PROTECTED.id());
    }
}
