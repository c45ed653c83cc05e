package dev.scc.policy.audit;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where SCC keeps host-side state: {@code $XDG_STATE_HOME/scc}, or {@code ~/.local/state/scc} when
 * {@code XDG_STATE_HOME} is unset or not absolute (as the XDG spec says to ignore relative values).
 */
public final class SccState {
    private SccState() {}

    /** The state root for the given environment. */
    public static Path root(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return dev.scc.policy.source.XdgDirs.from(env, Path.of(home)).sccStateDir();
    }

    /** The audit log: {@code <root>/audit/audit.jsonl}. */
    public static Path auditLog(Map<String, String> env) {
        return auditLogUnder(root(env));
    }

    /** The audit log under an explicit state root. */
    public static Path auditLogUnder(Path root) {
        return root.resolve("audit").resolve("audit.jsonl");
    }

    /** All sessions' directories live under {@code <root>/sessions}. */
    public static Path sessionsDir(Map<String, String> env) {
        return root(env).resolve("sessions");
    }

    /** One session's approval directory: {@code <root>/sessions/<id>/approvals}. */
    public static Path approvalsDir(Map<String, String> env, String sessionId) {
        return approvalsDirUnder(root(env), sessionId);
    }

    /** One session's approval directory under an explicit state root. */
    public static Path approvalsDirUnder(Path root, String sessionId) {
        if (sessionId.isEmpty() || sessionId.contains("/") || sessionId.equals(".") || sessionId.equals("..")) {
            throw new IllegalArgumentException("not a session id: '" + sessionId + "'");
        }
        return root.resolve("sessions").resolve(sessionId).resolve("approvals");
    }
}
