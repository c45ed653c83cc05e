package dev.scc.safety.hook;

import dev.scc.safety.Decision;
import dev.scc.safety.Verdict;
import dev.scc.safety.evaluator.Evaluator;
import dev.scc.safety.internal.json.MiniJson;
import java.util.Map;

/**
 * The safety hook adaptor for every agent that speaks SCC's hook protocol (Claude Code and Codex
 * {@code PreToolUse}, Gemini CLI {@code BeforeTool}). Reads the hook's stdin JSON leniently (unknown fields
 * ignored), judges {@code tool_input.command} of the tools the agent's {@link Format} names as shell tools, and
 * answers the way those CLIs honour: allow = exit 0 with empty stdout; deny = exit 2 with a non-empty reason on
 * stderr. Every error (malformed JSON, a shell tool without a command, an internal failure) is a deny with a reason,
 * because the CLIs let the tool run when a hook fails in any other way. Other tools are allowed.
 *
 * <p>The formats are data the provider modules declare and SCC writes into the sandbox ({@link HookFormats}), so this
 * engine names no agent and needs no dependency to learn a new one.
 */
public final class HookAdaptor {
    /**
     * What differs between agents that speak the protocol.
     *
     * @param id the provider id the hook is called with (audit records say {@code hook:<id>})
     * @param label the prefix of the hook's messages
     * @param shellTools the tool names whose {@code tool_input.command} is judged
     */
    public record Format(String id, String label, java.util.List<String> shellTools) {
        /**
         * The tool names SCC judged before formats were declared (the shell tools of Claude Code and Codex): the
         * format of a well-formed id when the sandbox declares none ({@link HookFormats#fallback}).
         */
        public static final java.util.List<String> KNOWN_SHELL_TOOLS = java.util.List.of("Bash", "shell",
                "exec_command", "local_shell", "container.exec");

        public Format {
            shellTools = java.util.List.copyOf(shellTools);
        }
    }

    /** What the hook process must do: exit code, stdout, stderr. */
    public record Result(int exitCode, String stdout, String stderr) {
        static Result deny(Format p, String reason) {
            String r = reason == null || reason.isBlank() ? "SCC safety: blocked (no reason available)" : reason;
            return new Result(2, "", "[" + p.label() + "] SCC safety: " + r + "\n");
        }
    }

    private final Evaluator evaluator;

    public HookAdaptor(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Handles one hook call; never throws. */
    public Result handle(Format provider, String stdin) {
        try {
            return decide(provider, stdin);
        } catch (RuntimeException | StackOverflowError e) {
            return Result.deny(provider, "internal error in the safety hook (" + e.getClass().getSimpleName() + "); the command is refused.");
        }
    }

    private Result decide(Format provider, String stdin) {
        Object doc;
        try {
            doc = MiniJson.parse(stdin == null ? "" : stdin);
        } catch (MiniJson.JsonException e) {
            return Result.deny(provider, "invalid hook input (" + e.getMessage() + "); the command is refused.");
        }
        if (!(doc instanceof Map)) {
            return Result.deny(provider, "invalid hook input (not a JSON object); the command is refused.");
        }
        Map<?, ?> m = (Map<?, ?>) doc;
        Object tool = m.get("tool_name");
        if (!(tool instanceof String)) {
            return Result.deny(provider, "invalid hook input (no tool_name); the command is refused.");
        }
        if (!provider.shellTools().contains((String) tool)) {
            return new Result(0, "", "");
        }
        Object input = m.get("tool_input");
        Object command = input instanceof Map ? ((Map<?, ?>) input).get("command") : null;
        if (command instanceof java.util.List) {
            // Some Codex shell tools pass argv as a list
            StringBuilder sb = new StringBuilder();
            for (Object o : (java.util.List<?>) command) {
                if (!(o instanceof String)) {
                    return Result.deny(provider, "invalid hook input (tool_input.command has a non-string element); the command is refused.");
                }
                sb.append(sb.length() == 0 ? "" : " ").append(shellQuote((String) o));
            }
            command = sb.toString();
        }
        if (!(command instanceof String)) {
            return Result.deny(provider, "invalid hook input (" + tool + " call without tool_input.command); the command is refused.");
        }
        Object cwdObj = m.get("cwd");
        String cwd = cwdObj instanceof String ? (String) cwdObj : "";
        Verdict v = evaluator.decideLine((String) command, cwd, "hook:" + provider.id());
        if (v.decision() == Decision.ALLOW) {
            return new Result(0, "", "");
        }
        if (v.decision() == Decision.WARN) {
            return new Result(0, "", "[" + provider.label() + "] SCC safety: " + v.reason() + "\n");
        }
        return Result.deny(provider, v.reason() + v.rule().map(r -> "\n(rule: " + r + ")").orElse(""));
    }

    private static String shellQuote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,+%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
