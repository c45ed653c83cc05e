package dev.scc.safety.evaluator;

import dev.scc.safety.Decision;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.Verdict;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.AuditSink;
import java.util.List;
import java.util.Optional;

/**
 * The decision point shared by the resident evaluator, the hooks and {@code scc safety check}: asks the
 * engine, settles {@code require_approval} through the {@link ApprovalGate} (approved: allow, once;
 * otherwise block naming the request to approve), and records every verdict in the audit sink.
 * Never throws: an internal error becomes a block.
 */
public final class Evaluator {
    private final SafetyEngine engine;
    private final ApprovalGate gate;
    private final AuditSink audit;
    private final String sessionId;
    private final java.util.function.Predicate<String> wrapped;

    public Evaluator(SafetyEngine engine, ApprovalGate gate, AuditSink audit, String sessionId) {
        this(engine, gate, audit, sessionId, WRAPPED_BY_DEFAULT::contains);
    }

    /**
     * @param wrapped whether a program (by name) has a wrapper in this sandbox: an approved command of a wrapped
     *     program is only peeked at by the hook (its wrapper uses the approval when it runs); for any other program the
     *     hook is the last enforcement point and uses the approval itself
     */
    public Evaluator(SafetyEngine engine, ApprovalGate gate, AuditSink audit, String sessionId,
            java.util.function.Predicate<String> wrapped) {
        this.engine = engine;
        this.gate = gate;
        this.audit = audit;
        this.sessionId = sessionId;
        this.wrapped = wrapped;
    }

    /** The programs the safety image always wraps (install-wrappers.sh). */
    public static final java.util.Set<String> WRAPPED_BY_DEFAULT = java.util.Set.of("git", "curl", "wget", "ssh", "scp", "sftp", "rsync");

    public SafetyEngine engine() {
        return engine;
    }

    /** Judges an exact argv (from a wrapper). */
    public Verdict decideArgv(List<String> argv, String cwd, String source) {
        return decideArgv(argv, java.util.Map.of(), cwd, source);
    }

    /** Judges an exact argv run with the environment {@code env} (the variables a wrapper sends). */
    public Verdict decideArgv(List<String> argv, java.util.Map<String, String> env, String cwd, String source) {
        Verdict v;
        try {
            v = settle(engine.evaluateArgv(argv, env), cwd, true);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        audit.record(source, sessionId, cwd, argv, v);
        return v;
    }

    /** Judges a git argv whose alias the wrapper resolved with {@link SafetyEngine#aliasQuery} (exit status and output). */
    public Verdict decideResolvedArgv(List<String> argv, int status, String value, String cwd, String source) {
        return decideResolvedArgv(argv, java.util.Map.of(), status, value, cwd, source);
    }

    /** As {@link #decideResolvedArgv(List, int, String, String, String)}, with the command's environment. */
    public Verdict decideResolvedArgv(List<String> argv, java.util.Map<String, String> env, int status, String value, String cwd,
            String source) {
        Verdict v;
        try {
            v = settle(engine.evaluateResolvedArgv(argv, status, value, env), cwd, true);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        audit.record(source, sessionId, cwd, argv, v);
        return v;
    }

    /**
     * Judges a shell command line (from a hook or the CLI). An approved {@code require_approval} command is allowed
     * without using the approval up: the line only says what the agent is about to run, and the wrapper of the real
     * binary judges the command again when it runs and uses the approval then (once).
     */
    public Verdict decideLine(String line, String cwd, String source) {
        Verdict v;
        try {
            Verdict judged = engine.evaluateLine(line, cwd);
            // built-in rules guard wrapped programs only; an action rule's command is judged again only where the image
            // wraps its program, and a file read seen in a shell line never is
            boolean actionRule = judged.evidence().actionHash().isPresent();
            boolean wrapperJudgesAgain = !actionRule || (judged.evidence().actionKind().equals("command")
                    && !judged.command().isEmpty() && wrapped.test(basename(judged.command().get(0))));
            v = settle(judged, cwd, !wrapperJudgesAgain);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        audit.record(source, sessionId, cwd, List.of(line), v);
        return v;
    }

    /**
     * Judges an action that is not a command: a file read or write or an MCP call, seen by a native hook. The hook is
     * the only enforcement point for these, so an approval is used here (once).
     */
    public Verdict decideAction(dev.scc.safety.action.Action action, String cwd, String source) {
        Verdict v;
        try {
            v = settle(engine.evaluateAction(action), cwd, true);
        } catch (RuntimeException e) {
            v = internalError(e);
        }
        audit.record(source, sessionId, cwd, action.canonical(), v);
        return v;
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
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
            if (v.evidence().actionHash().isPresent()) {
                // an action rule's approval is bound to the action's canonical form and to the policy it was asked under
                bound = new java.util.ArrayList<>(bound);
                bound.add("[policy " + (v.evidence().policyVersion().isEmpty() ? "unversioned" : v.evidence().policyVersion()) + "]");
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

    /** A convenience for callers that only need a gate-less, audit-less evaluator. */
    public static Evaluator of(SafetyEngine engine) {
        return new Evaluator(engine, ApprovalGate.NONE, AuditSink.NONE, "");
    }

    /** Exposes the session id for messages. */
    public Optional<String> sessionId() {
        return sessionId.isEmpty() ? Optional.empty() : Optional.of(sessionId);
    }
}
