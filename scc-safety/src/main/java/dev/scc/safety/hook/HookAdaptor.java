package dev.scc.safety.hook;

import dev.scc.safety.Decision;
import dev.scc.safety.Verdict;
import dev.scc.safety.evaluator.Evaluator;
import dev.scc.safety.internal.json.MiniJson;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code {@code PreToolUse}, Codex {@code PreToolUse} and Gemini CLI {@code BeforeTool} hook adaptor. Reads
 * the hook's stdin JSON leniently (unknown fields ignored), judges {@code tool_input.command} of shell tools
 * ({@code Bash}, also {@code shell}/{@code exec_command} aliases, Gemini's {@code run_shell_command} in its
 * {@code tool_input.dir_path}), and answers the way all three CLIs honour:
 * allow = exit 0 with empty stdout; deny = exit 2 with a non-empty reason on stderr (Gemini reads a non-JSON
 * stderr of a hook that exits 2 as {@code {"decision":"deny","reason":…}}). Every error
 * (malformed JSON, a shell tool without a command, an internal failure) is a deny with a reason,
 * because the CLIs let the tool run when a hook fails in any other way. Non-shell tools are allowed.
 */
public final class HookAdaptor {
    /** The CLI calling the hook. */
    public enum Provider {
        CLAUDE("Claude"), CODEX("Codex"), GEMINI("Gemini");

        private final String label;

        Provider(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Optional<Provider> of(String s) {
            switch (s) {
                case "claude": return Optional.of(CLAUDE);
                case "codex": return Optional.of(CODEX);
                case "gemini": return Optional.of(GEMINI);
                default: return Optional.empty();
            }
        }
    }

    /** What the hook process must do: exit code, stdout, stderr. */
    public record Result(int exitCode, String stdout, String stderr) {
        static Result deny(Provider p, String reason) {
            String r = reason == null || reason.isBlank() ? "SCC safety: blocked (no reason available)" : reason;
            return new Result(2, "", "[" + p.label() + "] SCC safety: " + r + "\n");
        }
    }

    private final Evaluator evaluator;

    public HookAdaptor(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Handles one hook call; never throws. */
    public Result handle(Provider provider, String stdin) {
        try {
            return decide(provider, stdin);
        } catch (RuntimeException | StackOverflowError e) {
            return Result.deny(provider, "internal error in the safety hook (" + e.getClass().getSimpleName() + "); the command is refused.");
        }
    }

    private Result decide(Provider provider, String stdin) {
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
        if (!isShellTool((String) tool)) {
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
        Object dir = input instanceof Map ? ((Map<?, ?>) input).get("dir_path") : null;
        if (dir instanceof String && !((String) dir).isEmpty()) {
            // Gemini runs the command in dir_path, relative to the workspace when not absolute.
            cwd = ((String) dir).startsWith("/") || cwd.isEmpty() ? (String) dir : cwd + "/" + dir;
        }
        Verdict v = evaluator.decideLine((String) command, cwd, "hook:" + provider.name().toLowerCase(java.util.Locale.ROOT));
        if (v.decision() == Decision.ALLOW) {
            return new Result(0, "", "");
        }
        if (v.decision() == Decision.WARN) {
            return new Result(0, "", "[" + provider.label() + "] SCC safety: " + v.reason() + "\n");
        }
        return Result.deny(provider, v.reason() + v.rule().map(r -> "\n(rule: " + r + ")").orElse(""));
    }

    private static boolean isShellTool(String tool) {
        return tool.equals("Bash") || tool.equals("shell") || tool.equals("exec_command") || tool.equals("local_shell")
                || tool.equals("container.exec") || tool.equals("run_shell_command");
    }

    private static String shellQuote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,+%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
