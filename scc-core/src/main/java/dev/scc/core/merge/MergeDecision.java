package dev.scc.core.merge;

import java.util.Optional;

/**
 * Why a value is effective. {@code exceptionId}/{@code expiresAt} are set when an exception let it through.
 *
 * @param source {@code org.defaults}, {@code org.security}, {@code team.<name>}, {@code project} or {@code user}
 */
public record MergeDecision(
        String field, String value, String reason, String source, Optional<String> exceptionId, Optional<String> expiresAt) {

    static MergeDecision of(String field, String value, String reason, String source) {
        return new MergeDecision(field, value, reason, source, Optional.empty(), Optional.empty());
    }
}
