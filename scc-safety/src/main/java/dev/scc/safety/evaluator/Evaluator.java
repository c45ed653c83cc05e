package dev.scc.safety.evaluator;

import dev.scc.safety.CommandFamily;
import dev.scc.safety.Decision;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.Verdict;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.AuditSink;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.Evaluation;
import dev.scc.safety.rules.RuleSet;
import dev.scc.safety.rules.TraceEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The decision point shared by the resident evaluator, the hooks and {@code scc safety check}: asks the
 * engine, settles {@code require_approval} through the {@link ApprovalGate} (approved: allow, once;
 * otherwise block naming the request to approve), and records every verdict, with its evidence (rule origin,
 * action hash, shadow matches, policy version, reviewer), in the audit sink.
 * Never throws: an internal error becomes a block.
 *
 * <p>Approvals of the org's action rules are bound to the action's canonical form and to the policy version: the
 * request's words are the action's ({@code kubectl delete pod a}, or the canonical text of a file or MCP action)
 * followed by {@code [policy VERSION]}. Where a wrapper judges the command again when it runs (a wrapped program), the
 * hook only peeks at an approval and the wrapper uses it; everywhere else (unwrapped programs, file and MCP tools)
 * the hook is the last enforcement point and uses it, once.
 */
public final class Evaluator {
    /** The programs the safety image always wraps (install-wrappers.sh). */
    public static final Set<String> WRAPPED_BY_DEFAULT = Set.of("git", "curl", "wget", "ssh", "scp", "sftp", "rsync");

    /** Programs whose operands are files they read: a {@code file.read} rule also covers {@code cat .env}. */
    private static final Set<String> FILE_READERS = Set.of("cat", "tac", "head", "tail", "less", "more", "nl", "od", "xxd",
            "hexdump", "strings", "base64", "sort", "uniq", "cut", "diff", "cmp", "source", ".", "bat", "view", "vi", "vim",
            "nano", "grep", "egrep", "fgrep", "rg", "awk", "sed", "jq", "cp");

    private final SafetyEngine engine;
    private final ApprovalGate gate;
    private final AuditSink audit;
    private final String sessionId;
    private final Predicate<String> wrapped;
    private final String policyVersion;
    private volatile CheckpointRequests checkpoints = CheckpointRequests.NONE;
    private volatile RiskyCommands risky;

    public Evaluator(SafetyEngine engine, ApprovalGate gate, AuditSink audit, String sessionId) {
        this(engine, gate, audit, sessionId, WRAPPED_BY_DEFAULT::contains, "");
    }

    /**
     * @param wrapped whether a program (by name) has a wrapper in this sandbox
     * @param policyVersion the version of the policy the engine enforces (the evaluator uses the SHA-256 of the policy
     *     file), named by approvals and evidence records
     */
    public Evaluator(SafetyEngine engine, ApprovalGate gate, AuditSink audit, String sessionId, Predicate<String> wrapped,
            String policyVersion) {
        this.engine = engine;
        this.gate = gate;
        this.audit = audit;
        this.sessionId = sessionId;
        this.wrapped = wrapped;
        this.policyVersion = policyVersion;
    }

    /**
     * From now on a command this evaluator lets run that {@link RiskyCommands} calls risky first asks the host for a
     * checkpoint of {@code workspace} through {@code requests} (and waits for it, bounded). Returns this evaluator.
     */
    public Evaluator checkpointBeforeRisky(CheckpointRequests requests, String workspace) {
        this.risky = new RiskyCommands(workspace);
        this.checkpoints = requests;
        return this;
    }

    /** Asks for the checkpoint when the verdict lets a risky command run; the verdict is unchanged. */
    private void beforeRisky(Verdict v, java.util.function.Supplier<Optional<String>> why) {
        RiskyCommands r = risky;
        if (r == null || !v.decision().runs()) {
            return;
        }
        try {
            why.get().ifPresent(checkpoints::before);
        } catch (RuntimeException e) {
            // no checkpoint this time: the command is judged by its verdict alone, the periodic ones still hold
        }
    }

    public SafetyEngine engine() {
        return engine;
    }

    /** The policy version approvals and evidence name. */
    public String policyVersion() {
        return policyVersion;
    }

    /** Judges an exact argv (from a wrapper). */
    public Verdict decideArgv(List<String> argv, String cwd, String source) {
        return decideArgv(argv, Map.of(), cwd, source);
    }

    /** Judges an exact argv run with the environment {@code env} (the variables a wrapper sends). */
    public Verdict decideArgv(List<String> argv, Map<String, String> env, String cwd, String source) {
        Verdict v;
        try {
            SafetyEngine.Judgement j = engine.judgeArgv(argv, env);
            v = settle(withEvidence(j, argv.isEmpty() ? Optional.empty() : Optional.of(new Action.Command(argv, Map.of(), ""))),
                    cwd, true);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        beforeRisky(v, () -> risky.ofArgv(argv, env, cwd));
        audit.record(source, sessionId, cwd, argv, v);
        return v;
    }

    /** Judges a git argv whose alias the wrapper resolved with {@link SafetyEngine#aliasQuery} (exit status and output). */
    public Verdict decideResolvedArgv(List<String> argv, int status, String value, String cwd, String source) {
        return decideResolvedArgv(argv, Map.of(), status, value, cwd, source);
    }

    /** As {@link #decideResolvedArgv(List, int, String, String, String)}, with the command's environment. */
    public Verdict decideResolvedArgv(List<String> argv, Map<String, String> env, int status, String value, String cwd,
            String source) {
        Verdict v;
        try {
            v = settle(engine.evaluateResolvedArgv(argv, status, value, env).withEvidence(Verdict.Evidence.NONE
                    .withPolicyVersion(policyVersion)), cwd, true);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        beforeRisky(v, () -> risky.ofArgv(argv, env, cwd));
        audit.record(source, sessionId, cwd, argv, v);
        return v;
    }

    /**
     * Judges a shell command line (from a hook or the CLI). An approved {@code require_approval} command of a wrapped
     * program is allowed without using the approval up: the line only says what the agent is about to run, and the
     * wrapper of the real binary judges the command again when it runs and uses the approval then (once). The files
     * that programs such as {@code cat} or {@code grep} would read are judged as {@code file.read} actions.
     */
    public Verdict decideLine(String line, String cwd, String source) {
        Verdict v;
        try {
            SafetyEngine.Judgement j = engine.judgeLine(line);
            Verdict judged = withEvidence(j, Optional.empty());
            if (judged.decision().runs() && !engine.policy().rules().rules().isEmpty()) {
                judged = stricterRead(judged, line, cwd);
            }
            boolean actionRule = judged.commandFamily().filter(f -> f == CommandFamily.POLICY_RULE).isPresent();
            boolean wrapperJudgesAgain = !actionRule || (judged.evidence().actionKind().equals("command")
                    && !judged.command().isEmpty() && wrapped.test(basename(judged.command().get(0))));
            v = settle(judged, cwd, !wrapperJudgesAgain);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        beforeRisky(v, () -> risky.ofLine(line, cwd));
        audit.record(source, sessionId, cwd, List.of(line), v);
        return v;
    }

    /**
     * Judges an action that is not a command: a file read or write or an MCP call, seen by a native hook. The hook is
     * the only enforcement point for these, so an approval is used here (once).
     */
    public Verdict decideAction(Action action, String cwd, String source) {
        Verdict v;
        try {
            v = settle(withEvidence(engine.judgeAction(action), Optional.of(action)), cwd, true);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        audit.record(source, sessionId, cwd, List.of(action.canonical()), v);
        return v;
    }

    /**
     * Records a verdict a hook reached about {@code action} without a rule (a search too large to check, say), with
     * the action's evidence, like every other verdict. Returns the verdict as recorded.
     */
    public Verdict recordAction(Action action, Verdict verdict, String cwd, String source) {
        Verdict v = verdict.withEvidence(new Verdict.Evidence(action.kind().key(), Optional.of(sha256(action.canonical())),
                Optional.empty(), List.of(), policyVersion, Optional.empty()));
        audit.record(source, sessionId, cwd, List.of(action.canonical()), v);
        return v;
    }

    /** The line's verdict, or a stricter one for a file its commands would read. */
    private Verdict stricterRead(Verdict lineVerdict, String line, String cwd) {
        List<Action.Command> commands;
        try {
            commands = RuleSet.commandsOf(line);
        } catch (IllegalArgumentException e) {
            return lineVerdict;
        }
        Verdict best = lineVerdict;
        List<Verdict.ShadowMatch> shadow = new ArrayList<>(lineVerdict.evidence().shadow());
        for (Action.Command c : commands) {
            if (!FILE_READERS.contains(c.program())) {
                continue;
            }
            for (int i = 1; i < c.argv().size(); i++) {
                String a = c.argv().get(i);
                if (a.startsWith("-") || a.isEmpty() || (cwd.isEmpty() && !a.startsWith("/"))) {
                    continue;
                }
                Action.FileRead read = new Action.FileRead(normalise(a, cwd));
                SafetyEngine.Judgement j = engine.judgeAction(read);
                Verdict r = withEvidence(j, Optional.of(read));
                shadow.addAll(r.evidence().shadow());
                if (r.decision().compareTo(best.decision()) > 0) {
                    best = r.with(r.decision(), r.reason() + " (read by " + c.program() + ")");
                }
            }
        }
        Verdict.Evidence e = best.evidence();
        return best.withEvidence(new Verdict.Evidence(e.actionKind(), e.actionHash(), e.ruleOrigin(), shadow, e.policyVersion(),
                e.reviewer()));
    }

    /** The verdict with its evidence: the deciding rule's origin, the action's kind and hash, the shadow matches. */
    private Verdict withEvidence(SafetyEngine.Judgement j, Optional<Action> action) {
        Verdict v = j.verdict();
        Evaluation e = j.evaluation();
        List<Verdict.ShadowMatch> shadow = new ArrayList<>();
        for (TraceEntry t : e.shadow()) {
            shadow.add(new Verdict.ShadowMatch(t.ruleId(), t.decision(), t.origin().label()));
        }
        Optional<String> origin = e.trace().stream().filter(t -> v.rule().map(t.ruleId()::equals).orElse(false)).findFirst()
                .map(t -> t.origin().label());
        Optional<Action> a = action;
        if (a.isEmpty() && !v.command().isEmpty() && v.commandFamily().filter(f -> f == CommandFamily.POLICY_RULE).isPresent()) {
            a = Optional.of(new Action.Command(v.command(), Map.of(), ""));
        }
        String kind = a.map(x -> x.kind().key()).orElse("command");
        return v.withEvidence(new Verdict.Evidence(kind, a.map(x -> sha256(x.canonical())), origin, shadow, policyVersion,
                Optional.empty()));
    }

    private static Verdict internalError(RuntimeException e) {
        return Verdict.allow("").with(Decision.BLOCK,
                "BLOCKED: the safety evaluator failed (" + e.getClass().getSimpleName() + "), so the command is refused.");
    }

    private Verdict settle(Verdict v, String cwd, boolean use) {
        if (v.decision() != Decision.REQUIRE_APPROVAL) {
            return v;
        }
        ApprovalGate.Outcome o;
        try {
            List<String> bound = v.command();
            if (v.commandFamily().filter(f -> f == CommandFamily.POLICY_RULE).isPresent()) {
                // an action rule's approval is bound to the action's canonical form and to the policy it was asked under
                bound = new ArrayList<>(bound);
                bound.add("[policy " + (policyVersion.isEmpty() ? "unversioned" : policyVersion) + "]");
            }
            ApprovalGate.Request r = new ApprovalGate.Request(bound, cwd, v.rule().orElse(""), v.reason(), sessionId);
            o = use ? gate.check(r) : gate.peek(r);
        } catch (RuntimeException e) {
            o = ApprovalGate.Outcome.pending("the approval channel failed (" + e.getClass().getSimpleName() + ")");
        }
        if (o == null) {
            o = ApprovalGate.Outcome.pending("the approval channel gave no answer");
        }
        if (o.approved()) {
            return v.withApproval(Decision.ALLOW, "Approved by a human" + o.requestId().map(id -> " (request " + id + ")").orElse("")
                    + ": " + firstLine(v.reason()), o.requestId()).withEvidence(v.evidence().withReviewer(o.reviewer()));
        }
        String how = o.requestId()
                .map(id -> "Approval request " + id + " is waiting. A human must run `scc approve " + id + "` on the host, then retry.")
                .orElse("No approval request could be filed: " + o.message() + ".");
        return v.withApproval(Decision.BLOCK, "BLOCKED: " + v.reason().replaceFirst("^APPROVAL REQUIRED: ", "approval required: ")
                + "\n\n" + how, o.requestId());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** SHA-256 (hex) of a text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * A path as the file tools mean it from {@code cwd}: absolute, with {@code .} and {@code ..} resolved lexically (a
     * rule about {@code /workspace/.env} also covers {@code sub/../.env}).
     */
    public static String normalise(String path, String cwd) {
        String p = path.startsWith("/") || cwd.isEmpty() ? path : cwd + "/" + path;
        List<String> out = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(part);
        }
        return "/" + String.join("/", out);
    }

    /** A convenience for callers that only need a gate-less, audit-less evaluator. */
    public static Evaluator of(SafetyEngine engine) {
        return new Evaluator(engine, ApprovalGate.NONE, AuditSink.NONE, "");
    }

    /** Exposes the session id for messages. */
    public Optional<String> sessionId() {
        return sessionId.isEmpty() ? Optional.empty() : Optional.of(sessionId);
    }
}
