package dev.scc.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The static command rules derived from {@code security.safety_net}: the destructive-git subset of the safety
 * engine's rules that can be written as order-sensitive token prefixes. The engine (through the hook and the
 * wrappers) stays the authority; these rules are the extra static layer both CLIs honour even in bypass modes.
 */
final class SafetyRules {
    private SafetyRules() {}

    private record Row(String ruleId, String flag, List<List<String>> pattern, String justification, List<String> match,
            List<String> notMatch) {}

    private static final List<Row> ROWS = List.of(
            new Row("git.force_push", "block_force_push", List.of(List.of("git"), List.of("push"), List.of("--force", "-f")),
                    "SCC policy: force push destroys remote history. Use git push --force-with-lease.",
                    List.of("git push --force origin main", "git push -f"), List.of("git push origin main")),
            new Row("git.push_mirror", "block_push_mirror", List.of(List.of("git"), List.of("push"), List.of("--mirror")),
                    "SCC policy: git push --mirror overwrites the entire remote.", List.of("git push --mirror"),
                    List.of("git push origin main")),
            new Row("git.reset_hard", "block_reset_hard", List.of(List.of("git"), List.of("reset"), List.of("--hard")),
                    "SCC policy: git reset --hard destroys uncommitted changes. Use git stash.",
                    List.of("git reset --hard HEAD~1"), List.of("git reset --soft HEAD~1")),
            new Row("git.branch_force_delete", "block_branch_force_delete",
                    List.of(List.of("git"), List.of("branch"), List.of("-D")),
                    "SCC policy: git branch -D deletes without a merge check. Use git branch -d.",
                    List.of("git branch -D feature"), List.of("git branch -d feature")),
            new Row("git.stash_drop", "block_stash_drop", List.of(List.of("git"), List.of("stash"), List.of("drop")),
                    "SCC policy: git stash drop permanently deletes a stash entry.", List.of("git stash drop"),
                    List.of("git stash list")),
            new Row("git.stash_clear", "block_stash_clear", List.of(List.of("git"), List.of("stash"), List.of("clear")),
                    "SCC policy: git stash clear permanently deletes all stashes.", List.of("git stash clear"),
                    List.of("git stash list")),
            new Row("git.clean_force", "block_clean_force",
                    List.of(List.of("git"), List.of("clean"), List.of("-f", "-fd", "-df", "-fdx", "-xfd", "--force")),
                    "SCC policy: git clean -f destroys untracked files. Use git clean -n first.",
                    List.of("git clean -fd"), List.of("git clean -n")),
            new Row("git.filter_branch", "block_filter_branch", List.of(List.of("git"), List.of("filter-branch")),
                    "SCC policy: git filter-branch rewrites history destructively.", List.of("git filter-branch --all"),
                    List.of("git log")));

    /**
     * The rules the policy keeps on. No section means defaults (all on); {@code action: allow} turns the safety
     * net off; any other or unknown action keeps every rule (fail closed). A rule is off only when its flag is
     * literally {@code false}.
     */
    static List<RenderPlan.DenyRule> from(Map<String, Object> safetyNet) {
        if ("allow".equals(String.valueOf(safetyNet.get("action")))) {
            return List.of();
        }
        List<RenderPlan.DenyRule> out = new ArrayList<>();
        for (Row r : ROWS) {
            if (Boolean.FALSE.equals(safetyNet.get(r.flag()))) {
                continue;
            }
            out.add(new RenderPlan.DenyRule("deny:" + r.ruleId(), r.ruleId(), r.pattern(), r.justification(), r.match(),
                    r.notMatch()));
        }
        return out;
    }
}
