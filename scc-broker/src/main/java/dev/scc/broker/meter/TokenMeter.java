package dev.scc.broker.meter;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts one session's model tokens and refuses further calls once the session's budget or the team's daily budget
 * is spent. A call that is already streaming is never cut off; the next one is refused. Thread-safe.
 */
public final class TokenMeter {
    private final OptionalLong sessionBudget;
    private final OptionalLong teamBudget;
    private final LongSupplier teamUsedToday;
    private long sessionUsed;

    /** Why a call is refused. */
    public record Refusal(String rule, String message) {}

    /**
     * @param sessionBudget tokens this session may use
     * @param teamBudget tokens the team may use per UTC day
     * @param teamUsedToday the team's tokens so far today, this session's included (read from the audit log)
     */
    public TokenMeter(OptionalLong sessionBudget, OptionalLong teamBudget, LongSupplier teamUsedToday) {
        this.sessionBudget = sessionBudget;
        this.teamBudget = teamBudget;
        this.teamUsedToday = teamUsedToday;
    }

    /** A meter without budgets. */
    public static TokenMeter unlimited() {
        return new TokenMeter(OptionalLong.empty(), OptionalLong.empty(), () -> 0);
    }

    /** Whether a new call may start. */
    public synchronized Optional<Refusal> check() {
        if (sessionBudget.isPresent() && sessionUsed >= sessionBudget.getAsLong()) {
            return Optional.of(new Refusal("budget.session", "SCC token budget exhausted: this session has used "
                    + sessionUsed + " of its " + sessionBudget.getAsLong() + " tokens (session.token_budget). "
                    + "No further model calls are allowed in this session; start a new session or ask your admin"
                    + " to raise the budget."));
        }
        if (teamBudget.isPresent()) {
            long used = teamUsedToday.getAsLong();
            if (used >= teamBudget.getAsLong()) {
                return Optional.of(new Refusal("budget.team", "SCC token budget exhausted: your team has used "
                        + used + " of its " + teamBudget.getAsLong() + " tokens today (team_token_budget). No further"
                        + " model calls are allowed until 00:00 UTC, unless your admin raises the budget."));
            }
        }
        return Optional.empty();
    }

    /** Adds a response's tokens. */
    public synchronized void add(Usage usage) {
        sessionUsed += usage.total();
    }

    public synchronized long sessionUsed() {
        return sessionUsed;
    }
}
