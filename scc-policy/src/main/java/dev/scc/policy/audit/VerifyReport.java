package dev.scc.policy.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link AuditVerifier#verify}: {@code ok} when every complete record hashes to what
 * it claims, chains to the one before, has the next seq, and the log ends where its head file says.
 *
 * @param records complete records read
 * @param lastSeq the seq of the last complete record, if any
 * @param problems what is wrong and where; empty iff {@code ok}
 * @param warnings things that do not make the log untrustworthy (a torn final line, a lagging or missing head)
 * @param tornLine the line number of a torn final line (crash mid-append), if there is one
 */
public record VerifyReport(Path file, boolean ok, long records, Optional<Long> lastSeq, List<Problem> problems,
        List<String> warnings, Optional<Long> tornLine) {
    public VerifyReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** One failure: the 1-based line number, the seq found there (when readable), and what is wrong. */
    public record Problem(long line, Optional<Long> seq, String message) {
        @Override
        public String toString() {
            return "line " + line + seq.map(s -> " (seq " + s + ")").orElse("") + ": " + message;
        }
    }
}
