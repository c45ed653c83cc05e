package dev.scc.safety.audit;

import dev.scc.safety.Verdict;
import java.util.List;

/** Receives one record per verdict. Implementations must not throw: auditing never changes a verdict. */
public interface AuditSink {
    /** Discards everything. */
    AuditSink NONE = (source, sessionId, cwd, command, verdict) -> { };

    /**
     * @param source who asked: {@code wrapper}, {@code hook:claude}, {@code hook:codex}, {@code check}
     * @param command the argv or the one-element command line judged
     */
    void record(String source, String sessionId, String cwd, List<String> command, Verdict verdict);
}
