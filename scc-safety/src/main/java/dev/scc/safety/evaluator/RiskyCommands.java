package dev.scc.safety.evaluator;

import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.Verdict;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.RuleSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which commands destroy work in the workspace, whatever the session's policy says of them: the destructive git rules
 * (judged by the engine's own git grammar under a policy with every rule on, so abbreviations, {@code -c} and the
 * other spellings the real git accepts count too) and a recursive {@code rm} of a path in the workspace. A command
 * the policy lets run that is risky gets a host-side checkpoint first ({@link CheckpointRequests}).
 */
public final class RiskyCommands {
    /** The built-in git rules whose commands lose uncommitted, untracked or unreachable work. */
    public static final Set<String> DESTRUCTIVE_GIT_RULES = Set.of("git.reset_hard", "git.reset_merge", "git.clean_force",
            "git.checkout_path", "git.switch_discard", "git.restore_worktree", "git.stash_drop", "git.stash_clear",
            "git.branch_force_delete", "git.reflog_expire", "git.gc_prune", "git.prune", "git.filter_branch",
            "git.worktree_remove_force");

    /** Every destructive git rule on; the push rules (remote history, not this workspace) and network tools off. */
    private final SafetyEngine everyRuleOn = new SafetyEngine(new SafetyPolicy(SafetyPolicy.Action.BLOCK,
            Set.of("git.force_push", "git.push_mirror", "git.push_delete"), dev.scc.safety.NetworkMode.ALLOW, List.of(),
            Set.of(), SafetyPolicy.DEFAULT_PROTECTED_BRANCHES, Optional.empty(), "risky-commands"));
    private final String workspace;

    /** @param workspace the workspace's path as the sandbox sees it ({@code /workspace}) */
    public RiskyCommands(String workspace) {
        this.workspace = workspace.endsWith("/") && workspace.length() > 1
                ? workspace.substring(0, workspace.length() - 1) : workspace;
    }

    /** Why the exact argv (from a wrapper) is risky, if it is. */
    public Optional<String> ofArgv(List<String> argv, Map<String, String> env, String cwd) {
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> git = gitRule(everyRuleOn.judgeArgv(argv, env).verdict());
        return git.isPresent() ? git : recursiveRemove(argv, cwd);
    }

    /** Why the shell line (from a hook) is risky, if any of its commands is. */
    public Optional<String> ofLine(String line, String cwd) {
        Optional<String> git;
        try {
            git = gitRule(everyRuleOn.judgeLine(line).verdict());
        } catch (RuntimeException e) {
            git = Optional.empty();
        }
        if (git.isPresent()) {
            return git;
        }
        List<Action.Command> commands;
        try {
            commands = RuleSet.commandsOf(line);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Action.Command c : commands) {
            Optional<String> rm = recursiveRemove(c.argv(), cwd);
            if (rm.isPresent()) {
                return rm;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> gitRule(Verdict v) {
        return v.rule().filter(DESTRUCTIVE_GIT_RULES::contains);
    }

    /** {@code rm -r}/{@code -R}/{@code --recursive} (any cluster) with an operand in the workspace. */
    Optional<String> recursiveRemove(List<String> argv, String cwd) {
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if (!program.equals("rm")) {
            return Optional.empty();
        }
        boolean recursive = false;
        boolean options = true;
        String inWorkspace = null;
        for (String a : argv.subList(1, argv.size())) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("--")) {
                recursive |= "--recursive".startsWith(a) && a.length() > 2;
            } else if (options && a.startsWith("-") && a.length() > 1) {
                recursive |= a.indexOf('r') > 0 || a.indexOf('R') > 0;
            } else if (inWorkspace == null) {
                String path = cwd.isEmpty() && !a.startsWith("/") ? workspace + "/" + a : Evaluator.normalise(a, cwd);
                if (path.equals(workspace) || path.startsWith(workspace + "/")) {
                    inWorkspace = path;
                }
            }
        }
        return recursive && inWorkspace != null ? Optional.of("rm -r " + inWorkspace) : Optional.empty();
    }
}
