package dev.scc.safety.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an agent is about to do, in one provider-neutral form that every enforcement point produces (native hooks,
 * the in-sandbox evaluator and wrappers, the proxy, the broker) and every rule matches against.
 * {@link #canonical()} is a stable text form: approvals are bound to it (and its hash), evidence records quote it.
 */
public sealed interface Action {

    /** The kind of action, which selects the patterns of a rule's {@code match} that apply. */
    ActionKind kind();

    /** A stable, unambiguous text form of the action: same action, same text, whatever produced it. */
    String canonical();

    /**
     * One simple command after shell analysis: {@code argv[0]} is the program as invoked (a path or a name), the
     * rest its words; {@code env} holds the assignments written before it; {@code cwd} is empty when unknown.
     */
    record Command(List<String> argv, Map<String, String> env, String cwd) implements Action {
        public Command {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a command action needs at least a program");
            }
        }

        /** A command with no environment assignments and no known working directory. */
        public static Command of(List<String> argv) {
            return new Command(argv, Map.of(), "");
        }

        /** The program's name whatever its path ({@code /usr/bin/terraform} is {@code terraform}). */
        public String program() {
            String p = argv.get(0);
            int slash = p.lastIndexOf('/');
            return slash >= 0 ? p.substring(slash + 1) : p;
        }

        @Override
        public ActionKind kind() {
            return ActionKind.COMMAND;
        }

        @Override
        public String canonical() {
            StringBuilder sb = new StringBuilder("command:");
            new TreeMap<>(env).forEach((k, v) -> sb.append(' ').append(quote(k + "=" + v)));
            for (String a : argv) {
                sb.append(' ').append(quote(a));
            }
            if (!cwd.isEmpty()) {
                sb.append(" @ ").append(quote(cwd));
            }
            return sb.toString();
        }
    }

    /** A file read by an agent's file tool; {@code path} is absolute. */
    record FileRead(String path) implements Action {
        public FileRead {
            path = PathNames.requireAbsolute(path);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.FILE_READ;
        }

        @Override
        public String canonical() {
            return "file.read: " + quote(path);
        }
    }

    /** A file written (created, edited, patched or deleted) by an agent's file tool; {@code path} is absolute. */
    record FileWrite(String path) implements Action {
        public FileWrite {
            path = PathNames.requireAbsolute(path);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.FILE_WRITE;
        }

        @Override
        public String canonical() {
            return "file.write: " + quote(path);
        }
    }

    /**
     * An MCP tool call: the server's name as configured, the tool's name, and its arguments as canonical JSON text
     * (empty when not known). Arguments are part of {@link #canonical()} so an approval covers exactly this call.
     */
    record McpCall(String server, String tool, String argumentsJson) implements Action {
        public McpCall {
            if (server.isEmpty() || tool.isEmpty()) {
                throw new IllegalArgumentException("an MCP call needs a server and a tool name");
            }
        }

        /**
         * The call a provider's hook names {@code mcp__<server>__<tool>} (Claude Code and Codex both do); empty
         * when the name is not in that form.
         */
        public static Optional<McpCall> fromHookToolName(String name, String argumentsJson) {
            if (!name.startsWith("mcp__")) {
                return Optional.empty();
            }
            String rest = name.substring(5);
            int sep = rest.indexOf("__");
            if (sep <= 0 || sep + 2 >= rest.length()) {
                return Optional.empty();
            }
            return Optional.of(new McpCall(rest.substring(0, sep), rest.substring(sep + 2), argumentsJson));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.MCP_CALL;
        }

        @Override
        public String canonical() {
            return "mcp.call: " + quote(server + "/" + tool) + (argumentsJson.isEmpty() ? "" : " " + argumentsJson);
        }
    }

    /** A network destination as the egress proxy sees it; {@code port} 0 when unknown. */
    record Network(String scheme, String host, int port) implements Action {
        public Network {
            host = host.toLowerCase(java.util.Locale.ROOT);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("a network action needs a host");
            }
        }

        @Override
        public ActionKind kind() {
            return ActionKind.NETWORK;
        }

        @Override
        public String canonical() {
            return "network: " + scheme + "://" + host + (port > 0 ? ":" + port : "");
        }
    }

    /**
     * A git push: the remote (name or URL) and the refs it updates, as short names ({@code main}, {@code
     * release/1.2}, {@code v1.0}); {@code force} when any update is forced.
     */
    record GitPush(String remote, List<String> refs, boolean force) implements Action {
        public GitPush {
            refs = List.copyOf(refs);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.GIT_PUSH;
        }

        @Override
        public String canonical() {
            List<String> q = new ArrayList<>();
            refs.forEach(r -> q.add(quote(r)));
            return "git.push: " + quote(remote) + " " + String.join(" ", q) + (force ? " (force)" : "");
        }
    }

    /** Single-quotes a word when it holds anything but plain characters (shell-style, so the text reads back). */
    private static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@,+%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
