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
            "no-verify", "help");
    private static final List<String> SEND_PACK = List.of("all", "mirror", "dry-run", "force", "receive-pack=", "exec=", "verbose",
            "quiet", "thin", "atomic", "signed?", "push-option=", "stdin", "stateless-rpc", "helper-status", "force-with-lease?",
            "progress", "help");
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
    private static final List<String> READ_TREE = List.of("index-output=", "empty", "verbose", "dry-run", "prefix=", "reset",
            "trivial", "aggressive", "exclude-per-directory=", "recurse-submodules?", "quiet", "help");
    private static final List<String> CHECKOUT_INDEX = List.of("all", "force", "quiet", "no-create", "index", "stdin", "temp",
            "stage=", "prefix=", "ignore-skip-worktree-bits", "help");
    private static final List<String> UPDATE_REF = List.of("delete", "no-deref", "create-reflog", "stdin", "help");
    private static final List<String> MAINTENANCE_RUN = List.of("auto", "schedule=", "quiet", "task=", "help");
    private static final Pattern REMOTE_PUSH = Pattern.compile("remote\\..*\\.push");
    private static final Pattern REMOTE_MIRROR = Pattern.compile("remote\\..*\\.mirror");
    /** Expiry spellings that keep a grace period (checked against real git 2.39: everything else, incl. "0", "@0", "now."… expires at once). */
    private static final Pattern GRACE = Pattern.compile("never|false|yesterday|([1-9][0-9]*)[. _]*(days?|weeks?|months?|years?)[. _]*ago");

    /** Subcommands whose destructiveness depends on configuration. */
    private static final Set<String> CONFIG_SENSITIVE = Set.of("push", "send-pack", "clean", "gc", "maintenance", "reflog");
    private static final Set<String> DESTRUCTIVE_SUBCOMMANDS = Set.of("push", "reset", "branch", "stash", "clean", "checkout", "switch",
            "restore", "reflog", "gc", "prune", "filter-branch", "worktree", "send-pack", "read-tree", "checkout-index", "update-ref",
            "maintenance");

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

    /** Whether {@code -c}/{@code GIT_CONFIG_*} turn on help.autocorrect (a mistyped subcommand then runs the one it resembles). */
    public static boolean autocorrects(GitCommandLine line, ToolEnv env) {
        return GitConfig.of(line, env).any(Pattern.compile("help\\.autocorrect"),
                v -> !List.of("0", "false", "no", "off", "never", "show").contains(v.trim().toLowerCase(Locale.ROOT)));
    }

    /** Every rule that matches {@code argv} (argv[0] is git), in severity order of the checks. */
    public static List<RuleHit> analyze(List<Word> argv, Context ctx) {
        return analyze(argv, ctx, ToolEnv.NONE);
    }

    /** As {@link #analyze(List, Context)}, for a command run with {@code env} (config from {@code GIT_CONFIG_*}). */
    public static List<RuleHit> analyze(List<Word> argv, Context ctx, ToolEnv env) {
        GitCommandLine line = GitCommandLine.parse(argv);
        GitConfig cfg = GitConfig.of(line, env);
        List<String> raw = argv.stream().map(Word::text).collect(Collectors.toList());
        List<RuleHit> hits = new ArrayList<>();
        if (line.globalHelp() || line.subcommand().isEmpty()) {
            return hits;
        }
        String sub = line.subcommand().get().text();
        List<Word> args = line.args();
        switch (sub) {
            case "push": push(args, PUSH, ctx, cfg, raw, hits); break;
            case "send-pack": push(args, SEND_PACK, ctx, cfg, raw, hits); break;
            case "reset": reset(args, raw, hits); break;
            case "branch": branch(args, raw, hits); break;
            case "stash": stash(args, raw, hits); break;
            case "clean": clean(args, cfg, raw, hits); break;
            case "read-tree": readTree(args, raw, hits); break;
            case "checkout-index": checkoutIndex(args, raw, hits); break;
            case "update-ref": updateRef(args, raw, hits); break;
            case "maintenance": maintenance(args, cfg, raw, hits); break;
            case "checkout": checkout(args, raw, hits); break;
            case "switch": switchCmd(args, raw, hits); break;
            case "restore": restore(args, raw, hits); break;
            case "reflog": reflog(args, cfg, raw, hits); break;
            case "gc": gc(args, cfg, raw, hits); break;
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
        if (cfg.unknownFiles() && hits.isEmpty() && CONFIG_SENSITIVE.contains(sub)) {
            Rule r = Rule.SHELL_UNPARSEABLE;
            hits.add(new RuleHit(r, r.id(), sub, "git " + sub + " reads a configuration file named by GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM"
                    + " or GIT_CONFIG, whose settings (refspecs, mirror, expiry, clean.requireForce) cannot be checked.",
                    "Run it without those variables, or pass the settings with -c", raw));
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

    private static void push(List<Word> args, List<String> spec, Context ctx, GitConfig cfg, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, spec, "o");
        if (o.help) {
            return;
        }
        String sub = spec == PUSH ? "push" : "send-pack";
        List<Word> operands = o.operands();
        List<Word> refspecs = operands.size() > 1 ? operands.subList(1, operands.size()) : List.of();
        boolean configRefspecs = refspecs.isEmpty() && !o.on("all", (char) 0) && !o.on("mirror", (char) 0);
        if (o.on("mirror", (char) 0) || (spec == PUSH && cfg.any(REMOTE_MIRROR, v -> !isFalse(v)))) {
            hits.add(RuleHit.of(Rule.GIT_PUSH_MIRROR, sub, raw));
        }
        boolean forceRefspec = operands.stream().map(Word::text).anyMatch(GitRules::forcingRefspec)
                || (configRefspecs && cfg.any(REMOTE_PUSH, GitRules::forcingRefspec));
        // --force-with-lease alone is the safe alternative; with any other force (-f, --force, +refspec) the ref is forced.
        if (o.on("force", 'f') || forceRefspec) {
            hits.add(RuleHit.of(Rule.GIT_FORCE_PUSH, sub, raw));
        }
        boolean deleteRefspec = refspecs.stream().map(Word::text).anyMatch(t -> t.startsWith(":") && t.length() > 1)
                || (configRefspecs && cfg.any(REMOTE_PUSH, v -> v.strip().startsWith(":") && v.strip().length() > 1));
        if (o.on("delete", 'd') || o.on("prune", (char) 0) || deleteRefspec) {
            hits.add(RuleHit.of(Rule.GIT_PUSH_DELETE, sub, raw));
        }
        if (ctx.protectBranches()) {
            Optional<String> target = protectedTarget(o, refspecs, ctx.protectedBranches());
            target.ifPresent(t -> hits.add(RuleHit.of(Rule.GIT_PUSH_PROTECTED, sub, raw)
                    .withText("git push to " + t + " needs a human's approval (protected: "
                            + String.join(", ", ctx.protectedBranches()) + ").")));
        }
    }

    private static boolean forcingRefspec(String t) {
        String s = t.strip();
        return (s.startsWith("+") && !s.startsWith("++")) || s.contains(":+");
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
        // the mode is the last of --soft/--mixed/--hard/--merge/--keep, as git's OPT_SET_INT reads them
        String mode = "";
        for (String opt : o.order) {
            if (List.of("soft", "mixed", "hard", "merge", "keep").contains(opt)) {
                mode = opt;
            }
        }
        if (mode.equals("hard")) {
            hits.add(RuleHit.of(Rule.GIT_RESET_HARD, "reset", raw));
        }
        if (mode.equals("merge")) {
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
        // git 2.39 takes the subcommand only as the first word; options first mean "push" (whose -m takes a value,
        // so "stash -m clear" is a push with the message "clear"). "stash -q drop" is an error in git 2.39 and is
        // blocked anyway, as the reference does, in case a later git accepts it.
        int i = 0;
        while (i < args.size() && args.get(i).text().startsWith("-") && !args.get(i).text().equals("--")) {
            String t = args.get(i).text();
            if (t.equals("-h") || t.equals("--help")) {
                return;
            }
            boolean takesValue = t.equals("-m") || t.equals("--message") || t.equals("--pathspec-from-file");
            i += takesValue ? 2 : 1;
        }
        if (i >= args.size() || args.get(i).text().equals("--")) {
            return;
        }
        String action = args.get(i).text();
        if (action.equals("drop")) {
            hits.add(RuleHit.of(Rule.GIT_STASH_DROP, "stash", raw));
        } else if (action.equals("clear")) {
            hits.add(RuleHit.of(Rule.GIT_STASH_CLEAR, "stash", raw));
        }
    }

    private static void clean(List<Word> args, GitConfig cfg, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, CLEAN, "e");
        if (o.help) {
            return;
        }
        // Only an exact -n / --dry-run token exempts (the reference's rule: "-nf" still blocks), and only when no
        // later --no-dry-run switches it off again.
        boolean dryRun = (o.exactTokens.contains("-n") || o.exactTokens.contains("--dry-run")) && o.on("dry-run", 'n');
        boolean requireForceOff = cfg.last("clean.requireforce").map(v -> v.map(GitRules::isFalse).orElse(true)).orElse(false);
        if (!dryRun && (o.on("force", 'f') || (requireForceOff && !o.on("interactive", 'i')))) {
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
        if (o.on("patch", 'p')) {
            return; // interactive: asks before discarding each hunk
        }
        boolean staged = o.on("staged", 'S');
        boolean worktree = o.on("worktree", 'W');
        if (staged && !worktree) {
            return;
        }
        if (!o.operands().isEmpty() || o.hasLong("pathspec-from-file")) {
            hits.add(RuleHit.of(Rule.GIT_RESTORE_WORKTREE, "restore", raw));
        }
    }

    private static void reflog(List<Word> args, GitConfig cfg, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, REFLOG, "");
        if (o.help || o.positionals.isEmpty()) {
            return;
        }
        String action = o.positionals.get(0).text();
        if (action.equals("delete")) {
            // deleting reflog entries of refs/stash drops those stashes
            boolean stash = o.positionals.stream().skip(1).map(Word::text)
                    .anyMatch(t -> t.startsWith("stash@") || t.startsWith("refs/stash@") || t.contains("$"));
            if (stash) {
                hits.add(RuleHit.of(Rule.GIT_STASH_DROP, "reflog", raw)
                        .withText("git reflog delete of a stash entry permanently deletes that stash."));
            }
            return;
        }
        if (!action.equals("expire") || o.on("dry-run", 'n')) {
            return;
        }
        boolean now = o.values("expire-unreachable").stream().anyMatch(GitRules::isNow)
                || o.values("expire").stream().anyMatch(GitRules::isNow)
                || (o.values("expire").isEmpty() && expiresNow(cfg, "gc.reflogexpire"))
                || (o.values("expire-unreachable").isEmpty() && expiresNow(cfg, "gc.reflogexpireunreachable"));
        if (now) {
            hits.add(RuleHit.of(Rule.GIT_REFLOG_EXPIRE, "reflog", raw));
        }
    }

    private static boolean expiresNow(GitConfig cfg, String key) {
        return cfg.any(Pattern.compile(Pattern.quote(key) + "|gc\\..*\\." + Pattern.quote(key.substring(3))), GitRules::isNow);
    }

    /** Whether an expiry date removes entries without a grace period, as git 2.39's approxidate reads it. */
    static boolean isNow(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return !GRACE.matcher(s).matches();
    }

    private static void gc(List<Word> args, GitConfig cfg, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, GC, "");
        if (o.help) {
            return;
        }
        // --prune alone keeps the default grace period (checked with git 2.39); the last --prune/--no-prune wins.
        boolean now = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                break;
            }
            if (t.startsWith("--prune=")) {
                now = isNow(t.substring("--prune=".length()));
            } else if (t.equals("--no-prune")) {
                now = false;
            } else if (t.equals("--prune") && i + 1 < args.size() && args.get(i + 1).text().equalsIgnoreCase("now")) {
                now = true; // "--prune now" is a usage error in git; blocked anyway as the reference does
            }
        }
        if (!o.on("no-prune", (char) 0) && o.values("prune").isEmpty() && cfg.any(Pattern.compile("gc\\.pruneexpire"), GitRules::isNow)) {
            now = true;
        }
        if (now) {
            hits.add(RuleHit.of(Rule.GIT_GC_PRUNE, "gc", raw));
        }
        if (expiresNow(cfg, "gc.reflogexpire") || expiresNow(cfg, "gc.reflogexpireunreachable")) {
            hits.add(RuleHit.of(Rule.GIT_REFLOG_EXPIRE, "gc", raw).withText("git gc with a reflog expiry of now destroys recovery history."));
        }
    }

    /** {@code git maintenance run} runs gc (its default task) with the same configuration. */
    private static void maintenance(List<Word> args, GitConfig cfg, List<String> raw, List<RuleHit> hits) {
        if (args.isEmpty() || !args.get(0).text().equals("run")) {
            return;
        }
        ParsedOptions o = ParsedOptions.parse(args.subList(1, args.size()), MAINTENANCE_RUN, "");
        List<String> tasks = o.values("task");
        if (o.help || (!tasks.isEmpty() && !tasks.contains("gc"))) {
            return;
        }
        gc(List.of(), cfg, raw, hits);
    }

    /** {@code read-tree --reset -u} overwrites the worktree with a tree, discarding changes. */
    private static void readTree(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, READ_TREE, "");
        if (!o.help && o.shorts.contains('u') && o.on("reset", (char) 0) && !o.on("dry-run", 'n')) {
            hits.add(RuleHit.of(Rule.GIT_CHECKOUT_PATH, "read-tree", raw)
                    .withText("git read-tree --reset -u overwrites the working tree and destroys uncommitted changes."));
        }
    }

    /** {@code checkout-index -f} overwrites files in the worktree with the index's version. */
    private static void checkoutIndex(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, CHECKOUT_INDEX, "");
        if (!o.help && o.on("force", 'f') && !o.on("temp", (char) 0) && !o.hasLong("prefix")) {
            hits.add(RuleHit.of(Rule.GIT_CHECKOUT_PATH, "checkout-index", raw)
                    .withText("git checkout-index --force overwrites files and destroys uncommitted changes."));
        }
    }

    /** {@code update-ref -d refs/stash} drops every stash. */
    private static void updateRef(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, UPDATE_REF, "m");
        if (!o.help && o.on("delete", 'd') && o.positionals.stream().map(Word::text)
                .anyMatch(t -> t.equals("refs/stash") || t.equals("stash") || t.contains("$"))) {
            hits.add(RuleHit.of(Rule.GIT_STASH_CLEAR, "update-ref", raw)
                    .withText("git update-ref -d refs/stash permanently deletes ALL stashes."));
        }
    }

    private static void prune(List<Word> args, List<String> raw, List<RuleHit> hits) {
        ParsedOptions o = ParsedOptions.parse(args, PRUNE, "");
        if (o.help || o.on("dry-run", 'n')) {
            return;
        }
        List<String> expire = o.values("expire");
        if (expire.isEmpty() || isNow(expire.get(expire.size() - 1))) {
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
