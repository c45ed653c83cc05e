package dev.scc.safety.action;

import dev.scc.safety.Decision;
import dev.scc.safety.internal.match.CommandPattern;
import dev.scc.safety.internal.match.Globs;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of the org's (or a delegated team's) action policy as the in-sandbox engine applies it: the rule id, what
 * it matches per action kind, its decision ({@code deny} is {@link Decision#BLOCK}), the reason the agent is told,
 * whether it is enforced ({@code enforce: false} is a shadow rule: recorded, never applied) and its origin
 * ({@code org}, {@code team:T}, {@code project}) for traces and evidence.
 */
public final class ActionRule {
    private final String id;
    private final Decision decision;
    private final String reason;
    private final boolean enforce;
    private final String origin;
    private final List<String> commandText;
    private final List<CommandPattern> commands;
    private final List<Pattern> fileReads;
    private final List<Pattern> fileWrites;
    private final List<Pattern> mcpCalls;

    /**
     * @throws IllegalArgumentException naming the pattern when one cannot be compiled
     */
    public ActionRule(String id, Decision decision, String reason, boolean enforce, String origin, List<String> commands,
            List<String> fileReads, List<String> fileWrites, List<String> mcpCalls) {
        this.id = Objects.requireNonNull(id, "id");
        this.decision = Objects.requireNonNull(decision, "decision");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.enforce = enforce;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.commandText = List.copyOf(commands);
        this.commands = commands.stream().map(CommandPattern::compile).toList();
        this.fileReads = fileReads.stream().map(Globs::path).toList();
        this.fileWrites = fileWrites.stream().map(Globs::path).toList();
        for (String m : mcpCalls) {
            if (m.indexOf('/') <= 0 || m.indexOf('/') == m.length() - 1) {
                throw new IllegalArgumentException("'" + m + "' is not SERVER/TOOL");
            }
        }
        this.mcpCalls = mcpCalls.stream().map(Globs::word).toList();
    }

    public String id() {
        return id;
    }

    public Decision decision() {
        return decision;
    }

    public String reason() {
        return reason;
    }

    /** False for a shadow rule: its matches are recorded and never change a verdict. */
    public boolean enforce() {
        return enforce;
    }

    public String origin() {
        return origin;
    }

    List<CommandPattern> commandPatterns() {
        return commands;
    }

    /** The command patterns as written. */
    public List<String> commands() {
        return commandText;
    }

    /** True when this rule matches {@code action}. */
    public boolean matches(Action action) {
        if (action instanceof Action.Command c) {
            for (CommandPattern p : commands) {
                if (p.matches(c.argv())) {
                    return true;
                }
            }
            return false;
        }
        if (action instanceof Action.FileRead r) {
            return any(fileReads, r.path());
        }
        if (action instanceof Action.FileWrite w) {
            return any(fileWrites, w.path());
        }
        if (action instanceof Action.McpCall m) {
            return any(mcpCalls, m.server() + "/" + m.tool());
        }
        return false;
    }

    private static boolean any(List<Pattern> ps, String s) {
        for (Pattern p : ps) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return id + " (" + decision.wire() + (enforce ? "" : ", shadow") + ", " + origin + ")";
    }
}
