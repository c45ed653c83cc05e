package dev.scc.safety.hook;

import dev.scc.safety.Decision;
import dev.scc.safety.Verdict;
import dev.scc.safety.rules.Action;
import dev.scc.safety.evaluator.Evaluator;
import dev.scc.safety.internal.json.MiniJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The safety hook adaptor for every agent that speaks SCC's hook protocol (Claude Code and Codex
 * {@code PreToolUse}, Gemini CLI {@code BeforeTool}). Reads the hook's stdin JSON leniently (unknown fields
 * ignored), judges {@code tool_input.command} of the tools the agent's {@link Format} names as shell tools, and
 * answers the way those CLIs honour: allow = exit 0 with empty stdout; deny = exit 2 with a non-empty reason on
 * stderr. Every error (malformed JSON, a shell tool without a command, an internal failure) is a deny with a reason,
 * because the CLIs let the tool run when a hook fails in any other way. File tools (Claude's Read, Write, Edit,
 * MultiEdit, NotebookEdit, Grep; Codex's {@code apply_patch}) are judged as file reads and writes (a search over a
 * directory, Claude's Grep and Gemini CLI's grep_search and read_many_files, as a read of each file it could read:
 * {@link SearchReads}), MCP tools
 * ({@code mcp__SERVER__TOOL}) as MCP calls, against the policy's action rules; other tools are allowed.
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
        Object input = m.get("tool_input");
        Object cwdObj0 = m.get("cwd");
        String cwd0 = cwdObj0 instanceof String ? (String) cwdObj0 : "";
        if (!provider.shellTools().contains((String) tool)) {
            Optional<SearchReads.Search> search;
            try {
                search = SearchReads.of((String) tool, input instanceof Map ? (Map<?, ?>) input : Map.of(), cwd0);
            } catch (IllegalArgumentException e) {
                return Result.deny(provider, "invalid hook input (" + e.getMessage() + "); the tool call is refused.");
            }
            if (search.isPresent()) {
                // A search reads every file it could match: judged file by file, only when a file-read rule could say no.
                if (!SearchReads.worthWalking(evaluator.engine())) {
                    return new Result(0, "", "");
                }
                return answer(provider, SearchReads.judge(evaluator, search.get(), cwd0, "hook:" + provider.id()));
            }
            List<Action> actions;
            try {
                actions = actions(mcpToolName((String) tool, m.get("mcp_context")), input, cwd0);
            } catch (IllegalArgumentException e) {
                return Result.deny(provider, "invalid hook input (" + e.getMessage() + "); the tool call is refused.");
            }
            String source = "hook:" + provider.id();
            Verdict worst = null;
            for (Action a : actions) {
                Verdict v = evaluator.decideAction(a, cwd0, source);
                if (worst == null || v.decision().compareTo(worst.decision()) > 0) {
                    worst = v;
                }
                if (!v.allowed()) {
                    break;
                }
            }
            if (worst == null) {
                return new Result(0, "", "");
            }
            return answer(provider, worst);
        }
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
        Verdict v = evaluator.decideLine((String) command, cwd, "hook:" + provider.id());
        if (v.decision().compareTo(Decision.WARN) <= 0) {
            v = stricterSearch(v, (String) command, cwd, "hook:" + provider.id());
        }
        if (v.decision() == Decision.ALLOW) {
            return new Result(0, "", "");
        }
        if (v.decision() == Decision.WARN) {
            return new Result(0, "", "[" + provider.label() + "] SCC safety: " + v.reason() + "\n");
        }
        return Result.deny(provider, v.reason() + v.rule().map(r -> "\n(rule: " + r + ")").orElse(""));
    }

    /**
     * The line's verdict, or a stricter one when a command in it searches a whole directory ({@code grep -r},
     * {@code rg}) that holds a file a file-read rule keeps from the agent: the search reads that file too.
     */
    private Verdict stricterSearch(Verdict v, String line, String cwd, String source) {
        if (!SearchReads.worthWalking(evaluator.engine())) {
            return v;
        }
        List<Action.Command> commands;
        try {
            commands = dev.scc.safety.rules.RuleSet.commandsOf(line);
        } catch (IllegalArgumentException e) {
            return v; // the line's own verdict already covers a line that cannot be analysed
        }
        Verdict best = v;
        for (Action.Command c : commands) {
            for (SearchReads.Search s : SearchReads.ofCommand(c, cwd)) {
                Verdict r = SearchReads.judge(evaluator, s, cwd, source);
                if (r.decision().compareTo(best.decision()) > 0) {
                    best = r;
                }
            }
        }
        return best;
    }

    /** The hook's answer to a verdict: allow silently, allow with the warning, or deny with the reason and rule. */
    private static Result answer(Format provider, Verdict v) {
        if (v.decision() == Decision.ALLOW) {
            return new Result(0, "", "");
        }
        if (v.decision() == Decision.WARN) {
            return new Result(0, "", "[" + provider.label() + "] SCC safety: " + v.reason() + "\n");
        }
        return Result.deny(provider, v.reason() + v.rule().map(r -> "\n(rule: " + r + ")").orElse(""));
    }

    /**
     * The agents' file tools that read, with the input key naming the file (Gemini CLI's {@code read_file} names it in
     * {@code file_path}, others in {@code path}: {@link #ALSO_NAMED}).
     */
    private static final Map<String, String> READ_TOOLS = Map.of("Read", "file_path", "NotebookRead", "notebook_path",
            "Grep", "path", "read_file", "path", "view_image", "path");
    /** The agents' file tools that write, with the input key naming the file (Gemini CLI: write_file, replace). */
    private static final Map<String, String> WRITE_TOOLS = Map.of("Write", "file_path", "Edit", "file_path",
            "MultiEdit", "file_path", "NotebookEdit", "notebook_path", "write_file", "file_path", "replace", "file_path");
    /** The other input key a file tool of one of these names may use for its file. */
    private static final String ALSO_NAMED = "file_path";

    /**
     * The tool's name as the engine judges it: {@code mcp__SERVER__TOOL} when the hook input says which MCP server and
     * tool were called ({@code mcp_context.server_name} and {@code .tool_name}, as Gemini CLI sends them with tool
     * names like {@code mcp_SERVER_TOOL}, which cannot be split reliably), else the name as called.
     */
    static String mcpToolName(String tool, Object mcpContext) {
        if (mcpContext instanceof Map<?, ?> ctx && ctx.get("server_name") instanceof String server
                && ctx.get("tool_name") instanceof String name) {
            if (server.isEmpty() || name.isEmpty() || server.contains("__")) {
                throw new IllegalArgumentException("mcp_context names no usable server and tool");
            }
            return "mcp__" + server + "__" + name;
        }
        return tool;
    }

    /**
     * The actions a non-shell tool call stands for: a file read or write for the agents' file tools (Claude's
     * Read/Write/Edit/MultiEdit/NotebookEdit/Grep, Codex's {@code apply_patch}, whose patch text names every file it adds,
     * updates, deletes or moves to), an MCP call for {@code mcp__SERVER__TOOL}; none for other tools.
     */
    static List<Action> actions(String tool, Object input, String cwd) {
        Map<?, ?> in = input instanceof Map ? (Map<?, ?>) input : Map.of();
        if (tool.startsWith("mcp__")) {
            String rest = tool.substring(5);
            int sep = rest.indexOf("__");
            if (sep <= 0 || sep + 2 >= rest.length()) {
                throw new IllegalArgumentException("MCP tool name " + tool + " is not mcp__SERVER__TOOL");
            }
            return List.of(Action.McpCall.fromHookToolName(tool, input == null ? "{}" : MiniJson.writeCanonical(input)).orElseThrow());
        }
        if (READ_TOOLS.containsKey(tool)) {
            Object p = in.get(READ_TOOLS.get(tool));
            if (p == null) {
                p = in.get(ALSO_NAMED);
            }
            if (p == null && tool.equals("Grep")) {
                return List.of(); // searches the working directory: names no one file
            }
            if (!(p instanceof String) || ((String) p).isEmpty()) {
                throw new IllegalArgumentException(tool + " call without tool_input." + READ_TOOLS.get(tool));
            }
            return List.of(new Action.FileRead(Evaluator.normalise((String) p, cwd)));
        }
        if (WRITE_TOOLS.containsKey(tool)) {
            Object p = in.get(WRITE_TOOLS.get(tool));
            if (!(p instanceof String) || ((String) p).isEmpty()) {
                throw new IllegalArgumentException(tool + " call without tool_input." + WRITE_TOOLS.get(tool));
            }
            return List.of(new Action.FileWrite(Evaluator.normalise((String) p, cwd)));
        }
        if (tool.equals("apply_patch") || tool.equals("Write") || tool.equals("Edit")) {
            Object text = in.get("command");
            if (!(text instanceof String)) {
                text = in.get("input");
            }
            if (!(text instanceof String)) {
                throw new IllegalArgumentException(tool + " call without the patch text in tool_input.command");
            }
            List<Action> out = new java.util.ArrayList<>();
            for (String line : ((String) text).split("\n")) {
                String l = line.strip();
                for (String head : new String[] {"*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: "}) {
                    if (l.startsWith(head) && l.length() > head.length()) {
                        out.add(new Action.FileWrite(Evaluator.normalise(l.substring(head.length()).strip(), cwd)));
                    }
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(tool + " patch names no file");
            }
            return out;
        }
        return List.of();
    }

    private static String shellQuote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,+%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
