package dev.scc.safety;

import dev.scc.safety.internal.analysis.CommandAnalyzer;
import dev.scc.safety.internal.analysis.Invocation;
import dev.scc.safety.internal.rules.GitCommandLine;
import dev.scc.safety.internal.rules.GitCommands;
import dev.scc.safety.internal.rules.GitRules;
import dev.scc.safety.internal.rules.NetworkRules;
import dev.scc.safety.internal.rules.Rule;
import dev.scc.safety.internal.rules.RuleHit;
import dev.scc.safety.internal.rules.ToolEnv;
import dev.scc.safety.internal.shell.ShellSyntaxException;
import dev.scc.safety.internal.shell.Word;
import dev.scc.safety.rules.BuiltinPack;
import dev.scc.safety.rules.Evaluation;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleSet;
import dev.scc.safety.rules.TraceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The provider-neutral safety engine: judges a shell command line (hooks, {@code scc safety check
 * --command}) or an exact argv (the PATH wrappers) against one {@link SafetyPolicy}. Thread-safe and
 * side-effect free. Every sub-command of a line is judged; the most severe verdict wins (block &gt;
 * require_approval &gt; warn &gt; allow), the first one among equals. It never throws: text it cannot
 * analyse is blocked.
 */
public final class SafetyEngine {
    /** Subcommands tried for {@code git $SUB …}; prune, gc and filter-branch are left out since they block with no arguments. */
    private static final List<String> DYNAMIC_CANDIDATES =
            List.of("push", "reset", "branch", "clean", "checkout", "switch", "restore", "stash", "reflog", "worktree");

    private final SafetyPolicy policy;
    private final GitRules.Context gitContext;
    private final Map<String, String> sessionEnv;

    public SafetyEngine(SafetyPolicy policy) {
        this(policy, Map.of());
    }

    /**
     * An engine for a session whose own environment is {@code sessionEnv}: the proxy variables found there (the
     * sandbox's egress proxy) are trusted when a command's environment carries the same values.
     */
    public SafetyEngine(SafetyPolicy policy, Map<String, String> sessionEnv) {
        this.policy = policy;
        this.gitContext = new GitRules.Context(policy.protectsBranches(), policy.protectedBranches());
        Map<String, String> trusted = new java.util.HashMap<>();
        for (String name : ToolEnv.PROXY_VARS) {
            if (sessionEnv.containsKey(name)) {
                trusted.put(name, sessionEnv.get(name));
            }
        }
        this.sessionEnv = Map.copyOf(trusted);
    }

    public SafetyPolicy policy() {
        return policy;
    }

    /** Judges a shell command line. */
    public Verdict evaluateLine(String commandLine) {
        return judgeLine(commandLine, false).verdict();
    }

    /**
     * Judges a shell command line and says why: the verdict {@link #evaluateLine} gives, with the trace of every rule
     * that matched any of the line's commands (built-in rules with origin {@code builtin:git} or {@code
     * builtin:network}, the org's and delegated rules with theirs) and the shadow rules' matches.
     */
    public Judgement judgeLine(String commandLine) {
        return judgeLine(commandLine, true);
    }

    /** As {@link #judgeLine(String)}, for an exact argv (what a wrapper sends). */
    public Judgement judgeArgv(List<String> argv, Map<String, String> env) {
        return judgeArgv(argv, Optional.empty(), env, true);
    }

    /** A verdict with the evaluation behind it: the trace of matching rules and the shadow matches. */
    public record Judgement(Verdict verdict, Evaluation evaluation) {}

    private Judgement judgeLine(String commandLine, boolean full) {
        if (commandLine == null || commandLine.isBlank()) {
            return plain(Verdict.allow("Empty command"));
        }
        if (offAndNoRules()) {
            return plain(Verdict.allow("Policy action is allow"));
        }
        List<Invocation> invocations;
        try {
            invocations = CommandAnalyzer.ofLine(commandLine);
        } catch (ShellSyntaxException e) {
            return plain(unparseable(e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            return plain(unparseable("internal analysis error (" + e.getClass().getSimpleName() + ")"));
        }
        return judge(invocations, new ToolEnv(Map.of(), sessionEnv), full);
    }

    private boolean offAndNoRules() {
        return policy.failure().isEmpty() && policy.action() == SafetyPolicy.Action.ALLOW && !policy.rules().hasPatternRules();
    }

    private Judgement plain(Verdict v) {
        if (v.rule().isEmpty() || v.decision() == Decision.ALLOW) {
            return new Judgement(v, Evaluation.NONE);
        }
        return new Judgement(v, Evaluation.of(List.of(builtinEntry(v))));
    }

    private static TraceEntry builtinEntry(Verdict v) {
        String id = v.rule().orElse("");
        String pack = BuiltinPack.byId(id).map(r -> r.pack())
                .orElse(id.startsWith("network.") ? "network" : id.startsWith("git.") ? "git" : "engine");
        return new TraceEntry(id, v.decision(), v.reason(), Origin.builtin(pack), String.join(" ", v.command()), false);
    }

    /** Judges an exact argv (argv[0] is the program as invoked, e.g. {@code git} or {@code /usr/bin/git}). */
    public Verdict evaluateArgv(List<String> argv) {
        return evaluateArgv(argv, Optional.empty(), Map.of());
    }

    /**
     * Judges an exact argv run with the environment {@code env} (what a wrapper sends: the variables that change
     * what a guarded tool does, such as proxies and {@code GIT_CONFIG_*}).
     */
    public Verdict evaluateArgv(List<String> argv, Map<String, String> env) {
        return evaluateArgv(argv, Optional.empty(), env);
    }

    /**
     * The git query a wrapper must run (as the caller, with the caller's config) before this argv can be
     * judged: {@code <global options> config --get alias.<name>} for a subcommand that is not one of git's
     * own commands and has no inline alias. Empty when nothing needs resolving.
     */
    public Optional<List<String>> aliasQuery(List<String> argv) {
        if (argv.isEmpty() || policy.failure().isPresent() || policy.action() == SafetyPolicy.Action.ALLOW) {
            return Optional.empty();
        }
        if (basename(argv.get(0)).equals("ssh") && policy.networkTools() == dev.scc.safety.NetworkMode.DESTINATION
                && NetworkRules.needsEffectiveConfig(argv.subList(1, argv.size()))
                && evaluateArgv(argv).decision() == Decision.ALLOW) {
            // ssh reads ~/.ssh/config and /etc/ssh/ssh_config (host aliases, ProxyCommand, ProxyJump): ask ssh itself
            List<String> q = new ArrayList<>();
            q.add("-G");
            q.addAll(argv.subList(1, argv.size()));
            return Optional.of(q);
        }
        String tool = basename(argv.get(0));
        if ((tool.equals("scp") || tool.equals("sftp")) && policy.networkTools() == dev.scc.safety.NetworkMode.DESTINATION
                && evaluateArgv(argv).decision() == Decision.ALLOW) {
            // the ssh that scp and sftp start reads the same config files: ask that ssh (ssh -G) for its resolution
            return NetworkRules.sshConfigQuery(tool, argv.subList(1, argv.size()));
        }
        if (!tool.equals("git")) {
            return Optional.empty();
        }
        List<Word> words = argv.stream().map(Word::literal).collect(Collectors.toList());
        GitCommandLine line = GitCommandLine.parse(words);
        if (line.globalHelp() || line.subcommand().isEmpty()) {
            return Optional.empty();
        }
        String sub = line.subcommand().get().text();
        if (GitCommands.KNOWN.contains(sub) || line.alias(sub).isPresent() || sub.isEmpty()) {
            return Optional.empty();
        }
        List<String> q = new ArrayList<>();
        line.globals().forEach(w -> q.add(w.text()));
        q.add("config");
        q.add("--get");
        q.add("alias." + sub);
        return Optional.of(q);
    }

    /**
     * Judges an exact git argv after its alias was resolved by {@link #aliasQuery}: {@code status} is the
     * query's exit status (0 found, 1 no such alias, anything else: the alias could not be resolved, so the
     * command is blocked) and {@code value} its output.
     */
    public Verdict evaluateResolvedArgv(List<String> argv, int status, String value) {
        return evaluateResolvedArgv(argv, status, value, Map.of());
    }

    /** As {@link #evaluateResolvedArgv(List, int, String)}, with the command's environment. */
    public Verdict evaluateResolvedArgv(List<String> argv, int status, String value, Map<String, String> env) {
        String tool = argv.isEmpty() ? "" : basename(argv.get(0));
        if (tool.equals("ssh") || tool.equals("scp") || tool.equals("sftp")) {
            Verdict v = evaluateArgv(argv, env);
            if (v.decision() != Decision.ALLOW) {
                return v;
            }
            if (status != 0) {
                return unparseable("ssh could not print the configuration it would use (ssh -G exited " + status + ")");
            }
            if (!tool.equals("ssh") && NetworkRules.sshRemotes(tool, argv.subList(1, argv.size())).size() > 1) {
                return unparseable(tool + " names more than one remote, and ssh's configuration is resolved for one host per "
                        + "command; copy through a local file, one remote per command");
            }
            return NetworkRules.effectiveSsh(value, policy.allowedDestinations())
                    .map(h -> new Verdict(Decision.BLOCK, Optional.of(h.ruleId()), h.message(), Optional.of(h.alternative()),
                            Optional.of(h.rule().family()), Optional.of("ssh"), argv, Optional.empty()))
                    .orElse(v);
        }
        if (status == 1) {
            return evaluateArgv(argv, Optional.empty(), env);
        }
        if (status != 0) {
            return unparseable("git could not resolve the alias (git config exited " + status + ")");
        }
        return evaluateArgv(argv, Optional.of(value.strip()), env);
    }

    private Verdict evaluateArgv(List<String> argv, Optional<String> alias, Map<String, String> env) {
        return judgeArgv(argv, alias, env, false).verdict();
    }

    private Judgement judgeArgv(List<String> argv, Optional<String> alias, Map<String, String> env, boolean full) {
        if (argv.isEmpty()) {
            return plain(Verdict.allow("Empty command"));
        }
        if (offAndNoRules()) {
            return plain(Verdict.allow("Policy action is allow"));
        }
        try {
            return judge(CommandAnalyzer.ofArgv(argv, alias), new ToolEnv(env, sessionEnv), full);
        } catch (ShellSyntaxException e) {
            return plain(unparseable(e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            return plain(unparseable("internal analysis error (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private Verdict unparseable(String why) {
        Rule r = Rule.SHELL_UNPARSEABLE;
        return new Verdict(Decision.BLOCK, Optional.of(r.id()), "BLOCKED: " + r.text() + " (" + why + ")\n\nSafe alternative: "
                + r.alternative(), Optional.of(r.alternative()), Optional.of(CommandFamily.SHELL), Optional.empty(), List.of(),
                Optional.empty());
    }

    private Judgement judge(List<Invocation> invocations, ToolEnv env, boolean full) {
        Verdict best = null;
        List<String> disabledSeen = new ArrayList<>();
        List<TraceEntry> entries = new ArrayList<>();
        boolean builtinOn = policy.failure().isPresent() || policy.action() != SafetyPolicy.Action.ALLOW;
        RuleSet rules = policy.rules();
        Optional<TraceEntry> allowedBy = Optional.empty();
        for (Invocation inv : invocations) {
            if (policy.blocksEverything() && !inv.argv().isEmpty()) {
                Verdict v = everythingBlocked(inv);
                return new Judgement(v, Evaluation.of(List.of(builtinEntry(v))));
            }
            for (RuleHit hit : builtinOn ? hits(inv, env.with(inv.env())) : List.<RuleHit>of()) {
                Verdict v = apply(hit, inv, disabledSeen);
                if (v != null && full) {
                    entries.add(builtinEntry(v));
                }
                if (v != null && (best == null || v.decision().compareTo(best.decision()) > 0)) {
                    best = v;
                }
                if (v != null) {
                    break; // first effective hit of this invocation
                }
            }
            if (!rules.rules().isEmpty() && !inv.argv().isEmpty() && policy.failure().isEmpty()) {
                Optional<TraceEntry> decider;
                if (full) {
                    Evaluation e = rules.evaluate(RuleSet.commandsOf(List.of(inv)));
                    entries.addAll(e.trace());
                    entries.addAll(e.shadow());
                    decider = e.decidingRule();
                } else {
                    decider = rules.decidingCommandRule(texts(inv.argv())); // same rule, no trace built
                }
                if (decider.isPresent() && decider.get().decision() == Decision.ALLOW && allowedBy.isEmpty()) {
                    allowedBy = decider;
                }
                if (decider.isPresent() && decider.get().decision() != Decision.ALLOW
                        && (best == null || decider.get().decision().compareTo(best.decision()) > 0)) {
                    best = ruleVerdict(decider.get(), inv);
                }
            }
            if (!full && best != null && best.decision() == Decision.BLOCK) {
                return new Judgement(best, Evaluation.NONE);
            }
        }
        Evaluation evaluation = full ? Evaluation.of(entries) : Evaluation.NONE;
        if (best != null) {
            return new Judgement(best, evaluation);
        }
        if (!disabledSeen.isEmpty()) {
            return new Judgement(Verdict.allow("Rule " + disabledSeen.get(0) + " disabled by policy"), evaluation);
        }
        if (allowedBy.isPresent()) {
            return new Judgement(Verdict.allow("Allowed by rule " + allowedBy.get().ruleId() + " ("
                    + allowedBy.get().origin().label() + ")"), evaluation);
        }
        return new Judgement(Verdict.allow("No safety rules matched"), evaluation);
    }

    private static List<String> texts(List<Word> words) {
        List<String> out = new ArrayList<>(words.size());
        for (int i = 0, n = words.size(); i < n; i++) {
            out.add(words.get(i).text());
        }
        return out;
    }

    /** The verdict of an org (or delegated) rule that decided a command. */
    private Verdict ruleVerdict(TraceEntry e, Invocation inv) {
        List<String> argv = inv.argv().stream().map(Word::text).collect(Collectors.toList());
        Optional<String> alt = policy.rules().rule(e.ruleId()).flatMap(r -> r.alternative());
        String about = e.reason() + " (rule " + e.ruleId() + ", " + e.origin().label() + ")"
                + (inv.via().isEmpty() ? "" : " (reached through " + inv.via() + ")");
        String tail = alt.map(a -> "\n\nSafe alternative: " + a).orElse("");
        String reason;
        switch (e.decision()) {
            case BLOCK: reason = "BLOCKED: " + about + tail; break;
            case REQUIRE_APPROVAL: reason = "APPROVAL REQUIRED: " + about + tail; break;
            default: reason = "WARNING: " + about + tail;
        }
        return new Verdict(e.decision(), Optional.of(e.ruleId()), reason, alt, Optional.of(CommandFamily.POLICY_RULE),
                Optional.of(argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1)), argv, Optional.empty());
    }

    /** A policy whose rules did not load: any command at all is blocked (fail closed). */
    private Verdict everythingBlocked(Invocation inv) {
        Rule r = Rule.POLICY_INVALID;
        List<String> argv = inv.argv().stream().map(Word::text).collect(Collectors.toList());
        String text = "the action policy could not be loaded (" + policy.failure().orElse("") + "), so every command is blocked.";
        return new Verdict(Decision.BLOCK, Optional.of(r.id()), "BLOCKED: " + text + "\n\nSafe alternative: " + r.alternative(),
                Optional.of(r.alternative()), Optional.of(CommandFamily.POLICY), Optional.empty(), argv, Optional.empty());
    }

    private List<RuleHit> hits(Invocation inv, ToolEnv env) {
        List<Word> argv = inv.argv();
        if (argv.isEmpty()) {
            return List.of();
        }
        Word head = argv.get(0);
        if (head.dynamic()) {
            return dynamicCommand(argv);
        }
        String name = basename(head.text());
        boolean guarded = name.equals("git") || NetworkRules.TOOLS.contains(name);
        if (!guarded) {
            return List.of();
        }
        List<String> raw = argv.stream().map(Word::text).collect(Collectors.toList());
        if (policy.failure().isEmpty()) {
            for (Word w : argv.subList(1, argv.size())) {
                if (CommandAnalyzer.optionPattern(w)) {
                    Rule r = Rule.SHELL_UNPARSEABLE;
                    return List.of(new RuleHit(r, r.id(), name, "the pattern " + w.text() + " expands to file names, and a file named"
                            + " like an option would become one.", "Write the options out; put patterns after --", raw));
                }
                if (w.text().equals("--")) {
                    break;
                }
            }
        }
        if (policy.failure().isPresent()) {
            Rule r = Rule.POLICY_INVALID;
            return List.of(new RuleHit(r, r.id(), name, "the safety policy could not be loaded (" + policy.failure().get()
                    + "), so every git and network command is blocked.", r.alternative(), raw));
        }
        if (name.equals("git")) {
            GitCommandLine line = GitCommandLine.parse(argv);
            if (inv.via().startsWith("git alias") && !line.globalHelp() && line.subcommand().isPresent()
                    && !line.subcommand().get().dynamic() && !GitCommands.KNOWN.contains(line.subcommand().get().text())) {
                Rule r = Rule.SHELL_UNPARSEABLE;
                return List.of(new RuleHit(r, r.id(), "alias", "the git alias expands to another alias ("
                        + line.subcommand().get().text() + "), which cannot be checked.", "Define the alias with git's own commands", raw));
            }
            if (line.subcommand().isPresent() && line.subcommand().get().dynamic() && !line.globalHelp()) {
                if (inv.via().startsWith("git alias")) {
                    Rule r = Rule.SHELL_UNPARSEABLE;
                    return List.of(new RuleHit(r, r.id(), "alias", "the git alias is set from the environment, so what it runs cannot be checked.",
                            "Define the alias with a literal value", raw));
                }
                return dynamicSubcommand(argv, line);
            }
            if (line.subcommand().isPresent() && !line.globalHelp() && !GitCommands.KNOWN.contains(line.subcommand().get().text())
                    && GitRules.autocorrects(line, env)) {
                // help.autocorrect runs the builtin a typo resembles: judge it as each guarded one
                return dynamicSubcommand(argv, line);
            }
            return GitRules.analyze(argv, gitContext, env);
        }
        if (NetworkRules.TOOLS.contains(name)) {
            return NetworkRules.analyze(name, argv, policy.networkTools(), policy.allowedDestinations(), env).map(List::of)
                    .orElse(List.of());
        }
        return List.of();
    }

    /** {@code $X push --force}: if the arguments would be a blocked git operation, refuse. */
    private List<RuleHit> dynamicCommand(List<Word> argv) {
        if (argv.size() < 2 || !GitRules.destructiveSubcommands().contains(argv.get(1).text())) {
            return List.of();
        }
        List<Word> asGit = new ArrayList<>(argv);
        asGit.set(0, Word.literal("git"));
        return GitRules.analyze(asGit, gitContext).stream()
                .map(h -> h.withText("the command name is computed at run time and, as git, " + lower(h.text())))
                .collect(Collectors.toList());
    }

    /** {@code git $SUB --hard}: refuse when any guarded subcommand with these arguments would be refused. */
    private List<RuleHit> dynamicSubcommand(List<Word> argv, GitCommandLine line) {
        for (String sub : DYNAMIC_CANDIDATES) {
            List<Word> asSub = new ArrayList<>();
            asSub.add(argv.get(0));
            asSub.addAll(line.globals());
            asSub.add(Word.literal(sub));
            asSub.addAll(line.args());
            List<RuleHit> h = GitRules.analyze(asSub, gitContext);
            if (!h.isEmpty()) {
                return h.stream()
                        .map(x -> x.withText("the git subcommand is computed at run time and, as git " + sub + ", " + lower(x.text())))
                        .collect(Collectors.toList());
            }
        }
        return List.of();
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Applies the policy to one hit; null when the rule is switched off. */
    private Verdict apply(RuleHit hit, Invocation inv, List<String> disabledSeen) {
        if (hit.rule() != Rule.POLICY_INVALID && hit.rule() != Rule.SHELL_UNPARSEABLE && policy.disabled(hit.rule().id())) {
            disabledSeen.add(hit.ruleId());
            return null;
        }
        String text = inv.via().isEmpty() ? hit.text() : hit.text() + " (reached through " + inv.via() + ")";
        RuleHit shown = hit.withText(text);
        Decision d = Decision.BLOCK;
        String reason = shown.message();
        if (hit.rule() == Rule.GIT_PUSH_PROTECTED || (policy.requireApproval().contains(hit.rule().id()) && policy.failure().isEmpty())) {
            d = Decision.REQUIRE_APPROVAL;
            reason = "APPROVAL REQUIRED: " + text + "\n\nSafe alternative: " + hit.alternative();
        } else if (policy.action() == SafetyPolicy.Action.WARN && policy.failure().isEmpty()) {
            d = Decision.WARN;
            reason = "WARNING: " + reason;
        }
        return new Verdict(d, Optional.of(hit.ruleId()), reason, Optional.of(hit.alternative()), Optional.of(hit.rule().family()),
                Optional.of(hit.subcommand()), shown.argv(), Optional.empty());
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /**
     * Judges an action that is not a command (a file read or write, an MCP call: what the agents' file and MCP tools do)
     * against the policy's action rules, with the trace and the shadow matches. A policy that could not be loaded blocks
     * it (fail closed). A command is judged as its argv.
     */
    public Judgement judgeAction(dev.scc.safety.rules.Action action) {
        if (action instanceof dev.scc.safety.rules.Action.Command c) {
            return judgeArgv(c.argv(), c.env());
        }
        if (policy.failure().isPresent()) {
            Rule r = Rule.POLICY_INVALID;
            String text = "the action policy could not be loaded (" + policy.failure().get() + "), so every governed action ("
                    + action.kind().key() + ") is blocked.";
            Verdict v = new Verdict(Decision.BLOCK, Optional.of(r.id()), "BLOCKED: " + text + "\n\nSafe alternative: "
                    + r.alternative(), Optional.of(r.alternative()), Optional.of(CommandFamily.POLICY), Optional.empty(),
                    List.of(action.canonical()), Optional.empty());
            return new Judgement(v, Evaluation.of(List.of(builtinEntry(v))));
        }
        Evaluation e = policy.rules().evaluate(action);
        Optional<TraceEntry> decider = e.decidingRule();
        if (decider.isEmpty()) {
            return new Judgement(Verdict.allow("No action rules matched"), e);
        }
        TraceEntry d = decider.get();
        if (d.decision() == Decision.ALLOW) {
            return new Judgement(Verdict.allow("Allowed by rule " + d.ruleId() + " (" + d.origin().label() + ")"), e);
        }
        Optional<String> alt = policy.rules().rule(d.ruleId()).flatMap(r -> r.alternative());
        String what = action instanceof dev.scc.safety.rules.Action.FileRead f ? "reading " + f.path()
                : action instanceof dev.scc.safety.rules.Action.FileWrite f ? "writing " + f.path()
                : action instanceof dev.scc.safety.rules.Action.McpCall m ? "the MCP tool " + m.server() + "/" + m.tool()
                : action.canonical();
        String about = what + ": " + d.reason() + " (rule " + d.ruleId() + ", " + d.origin().label() + ")";
        String tail = alt.map(a -> "\n\nSafe alternative: " + a).orElse("");
        String head = d.decision() == Decision.BLOCK ? "BLOCKED: " : d.decision() == Decision.REQUIRE_APPROVAL
                ? "APPROVAL REQUIRED: " : "WARNING: ";
        return new Judgement(new Verdict(d.decision(), Optional.of(d.ruleId()), head + about + tail, alt,
                Optional.of(CommandFamily.POLICY_RULE), Optional.of(action.kind().key()), List.of(action.canonical()),
                Optional.empty()), e);
    }
}
