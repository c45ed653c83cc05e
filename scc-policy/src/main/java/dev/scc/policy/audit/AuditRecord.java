package dev.scc.policy.audit;

import java.time.Instant;

/**
 * One record as stored in the log: its place in the chain, its time and kind, the common evidence
 * fields, and the exact JSON line (without the newline) for printing or shipping.
 *
 * @param line the 1-based line number in the file
 */
public record AuditRecord(long seq, Instant timestamp, String kind, Evidence evidence, String prev, String hash,
        long line, String json) {}
