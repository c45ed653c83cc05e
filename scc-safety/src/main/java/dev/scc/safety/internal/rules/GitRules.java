package dev.scc.safety.internal.rules;

import dev.scc.safety.internal.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The destructive-git rules: the reference's set (force push, mirror, reset --hard, branch -D, stash
 * drop/clear, clean -f, checkout -- path, restore, reflog expire, gc --prune=now, filter-branch) plus
 * the gaps it left open (global options, bundled and split flags, abbreviated long options, path-mode
 * checkout, switch --discard-changes, reset --merge, worktree remove --force, push --delete/:ref/--prune,
 * git prune, config that disables clean's force check) and the protected-branch push rule used for
 * approvals. A hit list is returned so that a rule switched off by policy does not hide the next one.
 */
public final class GitRules {
    private static final List<String> PUSH = List.of("all", "branches", "mirror", "delete", "tags", "follow-tags", "dry-run", "porcelain",
            "force", "force-with-lease?", "force-if-includes", "repo=", "set-upstream", "thin", "receive-pack=", "exec=", "quiet",
            "verbose", "progress", "prune", "recurse-submodules?", "verify", "atomic", "signed?", "push-option=", "ipv4", "ipv6",
            "no-force-with-lease", "no-verify", "no-thin", "no-signed", "no-atomic", "help");
    private static final List<String> RESET = List.of("soft", "mixed", "hard", "merge", "keep", "quiet", "no-quiet", "refresh",
            "no-refresh", "recurse-submodules?", "no-recurse-submodules", "pathspec-from-file=", "pathspec-file-nul", "patch",
            "intent-to-add", "help");
    private static final List<String> BRANCH = List.of("delete", "force", "move", "copy", "list", "all", "remotes", "verbose", "quiet",
            "track?", "no-track", "set-upstream-to=", "unset-upstream", "edit-description", "contains?", "no-contains?", "merged?",
            "no-merged?", "points-at=", "format=", "sort=", "column?", "no-column", "color?", "no-color", "abbrev?", "no-abbrev",
            "ignore-case", "create-reflog", "show-current", "omit-empty", "recurse-submodules", "help");
    private static final List<String> CLEAN = List.of("dry-run", "force", "interactive", "quiet", "exclude=", "help");
    private static final List<String> CHECKOUT = List.of("quiet", "progress", "no-progress", "force", "ours", "theirs", "track?",
            "no-track", "guess", "no-guess", "merge", "conflict=", "patch", "orphan=", "ignore-skip-worktree-bits", "overwrite-ignore",
            "no-overwrite-ignore", "recurse-submodules?", "no-recurse-submodules", "detach", "ignore-other-worktrees",
            "pathspec-from-file=", "pathspec-file-nul", "overlay", "no-overlay", "help");
    private static final List<String> SWITCH = List.of("create=", "force-create=", "detach", "guess", "no-guess", "force",
            "discard-changes", "merge", "conflict=", "quiet", "progress", "no-progress", "track?", "no-track", "orphan=",
            "ignore-other-worktrees", "recurse-submodules?", "no-recurse-submodules", "help");
    private static final List<String> RESTORE = List.of("source=", "patch", "worktree", "staged", "quiet", "progress", "no-progress",
            "ours", "theirs", "merge", "conflict=", "ignore-unmerged", "ignore-skip-worktree-bits", "recurse-submodules?",
            "no-recurse-submodules", "overlay", "no-overlay", "pathspec-from-file=", "pathspec-file-nul", "help");
    private static final List<String> REFLOG = List.of("expire=", "expire-unreachable=", "updateref", "rewrite", "stale-fix", "dry-run",
            "verbose", "all", "single-worktree", "help");
    private static final List<String> GC = List.of("aggressive", "auto", "detach", "no-detach", "cruft", "no-cruft", "max-cruft-size=",
            "prune?", "no-prune", "quiet", "force", "keep-largest-pack", "help");
    private static final List<String> PRUNE = List.of("dry-run", "verbose", "progress", "expire=", "help");
    private static final List<String> WORKTREE_REMOVE = List.of("force", "help");
    private static final List<String> STASH = List.of("quiet", "help");

    private static final Set<String> DESTRUCTIVE_SUBCOMMANDS = Set.of("push", "reset", "branch", "stash", "clean", "checkout", "switch",
            "restore", "reflog", "gc", "prune", "filter-branch", "worktree");

    /** Whether the protected-branch rule is active, and the branch patterns it protects. */
    public record Context(boolean protectBranches, List<String> protectedBranches) {
        public Context {
            protectedBranches = List.copyOf(protectedBranches);
        }

        public static Context defaults() {
            return new Context(false, List.of("main", "release/*"));
        }
    }

    private GitRules() {}

    /** The git subcommands that some rule inspects. */
    public static Set<String> destructiveSubcommands() {
        return DESTRUCTIVE_SUBCOMMANDS;
    }

    /** Every rule that matches {@code argv} (argv[0] is git), in severity order of the checks. */
    public static List<RuleHit> analyze(List<Word> argv, Context ctx) {
        GitCommandLine line = GitCommandLine.parse(argv);
        List<String> raw = argv.stream().map(Word::text).collect(Collectors.toList());
        List<RuleHit> hits = new ArrayList<>();
        if (line.globalHelp() || line.subcommand().isEmpty()) {
            return hits;
        }
        String sub = line.subcommand().get().text();
        List<Word> args = line.args();
        switch (sub) {
            case "push": push(args, ctx, raw, hits); break;
            case "reset": reset(args, raw, hits); break;
            case "branch": branch(args, raw, hits); break;
            case "stash": stash(args, raw, hits); break;
            case "clean": clean(args, line, raw, hits); break;
            case "checkout": checkout(args, raw, hits); break;
            case "switch": switchCmd(args, raw, hits); break;
            case "restore": restore(args, raw, hits); break;
            case "reflog": reflog(args, raw, hits); break;
            case "gc": gc(args, line, raw, hits); break;
            case "prune": prune(args, raw, hits); break;
            case "filter-branch":
                if (!helpOnly(args)) {
                    hits.add(RuleHit.of(Rule.GIT_FILTER_BRANCH, sub, raw));
                }
                break;
            case "worktree": worktree(args, raw, hits); break;
            case "config": config(args, raw, hits); break;
            default: break;
        }
        return hits;
    }

    private static boolean helpOnly(List<Word> args) {
        for (Word w : args) {
            if (w.text().equals("--")) {
                return false;
            }
            if (w.text().equals("-h") || w.text().equals("--help")) {
                return true;
            }
        }
        return false;
    }

    private static void push(List<Word> args, Context ctx, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, PUSH, "o");
        if (o.help) {
            return;
        }
        if (o.hasLong("mirror")) {
            hits.add(RuleHit.of(Rule.GIT_PUSH_MIRROR, "push", raw));
        }
        boolean lease = o.hasLong("force-with-lease");
        List<Word> operands = o.operands();
        List<Word> refspecs = operands.size() > 1 ? operands.subList(1, operands.size()) : List.of();
        boolean forceRefspec = operands.stream().map(Word::text)
                .anyMatch(t -> (t.startsWith("+") && !t.startsWith("++")) || t.contains(":+"));
        if (!lease && (o.has("force", 'f') || forceRefspec)) {
            hits.add(RuleHit.of(Rule.GIT_FORCE_PUSH, "push", raw));
        }
        boolean deleteRefspec = refspecs.stream().map(Word::text).anyMatch(t -> t.startsWith(":") && t.length() > 1);
        if (o.has("delete", 'd') || o.hasLong("prune") || deleteRefspec) {
            hits.add(RuleHit.of(Rule.GIT_PUSH_DELETE, "push", raw));
        }
        if (ctx.protectBranches()) {
            Optional<String> target = protectedTarget(o, refspecs, ctx.protectedBranches());
            target.ifPresent(t -> hits.add(RuleHit.of(Rule.GIT_PUSH_PROTECTED, "push", raw)
                    .withText("git push to " + t + " needs a human's approval (protected: "
                            + String.join(", ", ctx.protectedBranches()) + ").")));
        }
    }

    /** The protected target of a push, or a description of why it cannot be ruled out; empty when no protected branch is touched. */
    private static Optional<String> protectedTarget(ParsedOptions o, List<Word> refspecs, List<String> patterns) {
        if (o.hasLong("all") || o.hasLong("branches") || o.hasLong("mirror")) {
            return Optional.of("every branch");
        }
        if (refspecs.isEmpty()) {
            if (o.hasLong("tags")) {
                return Optional.empty();
            }
            return Optional.of("the current branch's upstream (no refspec given, so the target branch cannot be ruled out)");
        }
        for (Word w : refspecs) {
            if (w.dynamic()) {
                return Optional.of("a branch computed at run time (" + w.text() + ")");
            }
            String spec = w.text();
            if (spec.startsWith("+")) {
                spec = spec.substring(1);
            }
            int colon = spec.indexOf(':');
            String dst = colon >= 0 ? spec.substring(colon + 1) : spec;
            if (dst.isEmpty() || dst.equals("HEAD") || dst.equals("@")) {
                return Optional.of("the current branch (" + w.text() + ")");
            }
            if (dst.startsWith("refs/tags/")) {
                continue;
            }
            if (dst.startsWith("refs/heads/")) {
                dst = dst.substring("refs/heads/".length());
            }
            for (String p : patterns) {
                if (glob(p).matcher(dst).matches()) {
                    return Optional.of("protected branch " + dst);
                }
            }
        }
        return Optional.empty();
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static void reset(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, RESET, "");
        if (o.help) {
            return;
        }
        if (o.hasLong("hard")) {
            hits.add(RuleHit.of(Rule.GIT_RESET_HARD, "reset", raw));
        }
        if (o.hasLong("merge")) {
            hits.add(RuleHit.of(Rule.GIT_RESET_MERGE, "reset", raw));
        }
    }

    private static void branch(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, BRANCH, "u");
        if (o.help) {
            return;
        }
        boolean forceDelete = o.shorts.contains('D') || (o.has("delete", 'd') && o.has("force", 'f'));
        if (forceDelete) {
            hits.add(RuleHit.of(Rule.GIT_BRANCH_FORCE_DELETE, "branch", raw));
        }
    }

    private static void stash(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, STASH, "");
        if (o.help || o.positionals.isEmpty()) {
            return;
        }
        String action = o.positionals.get(0).text();
        if (action.equals("drop")) {
            hits.add(RuleHit.of(Rule.GIT_STASH_DROP, "stash", raw));
        } else if (action.equals("clear")) {
            hits.add(RuleHit.of(Rule.GIT_STASH_CLEAR, "stash", raw));
        }
    }

    private static void clean(List<Word> args, GitCommandLine line, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, CLEAN, "e");
        if (o.help) {
            return;
        }
        // Only the exact -n / --dry-run tokens exempt (the reference's rule: "-nf" still blocks).
        boolean dryRun = o.exactTokens.contains("-n") || o.exactTokens.contains("--dry-run");
        boolean requireForceOff = line.config().getOrDefault("clean.requireforce", Optional.of("true"))
                .map(v -> isFalse(v)).orElse(true);
        if (!dryRun && (o.has("force", 'f') || (requireForceOff && !o.has("interactive", 'i')))) {
            hits.add(RuleHit.of(Rule.GIT_CLEAN_FORCE, "clean", raw));
        }
    }

    private static boolean isFalse(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("false") || s.equals("no") || s.equals("off") || s.equals("0") || s.isEmpty();
    }

    private static void checkout(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, CHECKOUT, "bB");
        if (o.help) {
            return;
        }
        if (o.has("force", 'f')) {
            hits.add(RuleHit.of(Rule.GIT_CHECKOUT_PATH, "checkout", raw)
                    .withText("git checkout --force throws away uncommitted changes."));
            return;
        }
        if (o.hasLong("patch") || o.shorts.contains('p')) {
            return; // interactive: asks before discarding each hunk
        }
        boolean creating = o.shorts.contains('b') || o.shorts.contains('B') || o.hasLong("orphan");
        boolean pathMode = !o.afterDashDash.isEmpty()
                || o.hasLong("pathspec-from-file")
                || (!creating && o.positionals.size() >= 2)
                || (!creating && o.positionals.size() == 1 && looksLikePath(o.positionals.get(0).text()));
        if (pathMode) {
            hits.add(RuleHit.of(Rule.GIT_CHECKOUT_PATH, "checkout", raw));
        }
    }

    private static boolean looksLikePath(String t) {
        return t.equals(".") || t.equals("..") || t.startsWith("./") || t.startsWith("../") || t.startsWith(":/") || t.startsWith(":(")
                || t.indexOf('*') >= 0 || t.indexOf('?') >= 0 || t.indexOf('[') >= 0 || t.endsWith("/");
    }

    private static void switchCmd(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, SWITCH, "cC");
        if (o.help) {
            return;
        }
        if (o.has("discard-changes", (char) 0) || o.has("force", 'f')) {
            hits.add(RuleHit.of(Rule.GIT_SWITCH_DISCARD, "switch", raw));
        }
    }

    private static void restore(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, RESTORE, "s");
        if (o.help || args.isEmpty()) {
            return;
        }
        boolean staged = o.has("staged", 'S');
        boolean worktree = o.has("worktree", 'W');
        if (staged && !worktree) {
            return;
        }
        if (!o.operands().isEmpty() || o.hasLong("pathspec-from-file")) {
            hits.add(RuleHit.of(Rule.GIT_RESTORE_WORKTREE, "restore", raw));
        }
    }

    private static void reflog(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, REFLOG, "");
        if (o.help || o.positionals.isEmpty() || !o.positionals.get(0).text().equals("expire")) {
            return;
        }
        boolean now = o.values("expire-unreachable").stream().anyMatch(GitRules::isNow)
                || o.values("expire").stream().anyMatch(GitRules::isNow);
        if (now) {
            hits.add(RuleHit.of(Rule.GIT_REFLOG_EXPIRE, "reflog", raw));
        }
    }

    private static boolean isNow(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("now") || s.equals("all");
    }

    private static void gc(List<Word> args, GitCommandLine line, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, GC, "");
        if (o.help) {
            return;
        }
        boolean now = o.values("prune").stream().anyMatch(GitRules::isNow);
        // "--prune now" (split) is a usage error in git, blocked anyway as the reference does.
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).text().equals("--prune") && isNow(args.get(i + 1).text())) {
                now = true;
            }
        }
        Optional<String> cfg = line.config().getOrDefault("gc.pruneexpire", Optional.of("2.weeks.ago"));
        if (cfg.map(GitRules::isNow).orElse(true) && !o.hasLong("no-prune")) {
            now = true;
        }
        if (now) {
            hits.add(RuleHit.of(Rule.GIT_GC_PRUNE, "gc", raw));
        }
    }

    private static void prune(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, PRUNE, "");
        if (o.help || o.has("dry-run", 'n')) {
            return;
        }
        List<String> expire = o.values("expire");
        if (expire.isEmpty() || expire.stream().anyMatch(GitRules::isNow)) {
            hits.add(RuleHit.of(Rule.GIT_PRUNE, "prune", raw));
        }
    }

    private static void worktree(List<Word> args, List<String> raw, List<RuleHit> hits) {
        if (args.isEmpty() || !args.get(0).text().equals("remove")) {
            return;
        }
        ParsedOptions o = ParsedOptions.parse(args.subList(1, args.size()), WORKTREE_REMOVE, "");
        if (!o.help && o.has("force", 'f')) {
            hits.add(RuleHit.of(Rule.GIT_WORKTREE_REMOVE_FORCE, "worktree", raw));
        }
    }

    /** {@code git config clean.requireForce false} turns every later {@code git clean} into a force clean. */
    private static void config(List<Word> args, List<String> raw, List<RuleHit> hits) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).text().equalsIgnoreCase("clean.requireForce") && isFalse(args.get(i + 1).text())) {
                hits.add(RuleHit.of(Rule.GIT_CLEAN_FORCE, "config", raw)
                        .withText("setting clean.requireForce to false lets git clean destroy untracked files without -f."));
                return;
            }
        }
    }
}
