package dev.scc.safety.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What an agent is about to do, in one provider-neutral form, whichever enforcement point saw it (a native hook,
 * a wrapper, {@code scc safety check}). {@link #canonical()} is the exact form an approval is bound to and
 * {@link #hash()} its SHA-256; {@link #kind()} is the rule-match key ({@code command}, {@code file.read},
 * {@code file.write}, {@code mcp.call}).
 */
public sealed interface Action {
    /** The match key of this kind of action in a rule. */
    String kind();

    /** The canonical words of the action: an approval is bound to exactly these. */
    List<String> canonical();

    /** SHA-256 (hex) over the length-framed canonical words. */
    default String hash() {
        StringBuilder b = new StringBuilder();
        b.append(kind().length()).append(':').append(kind()).append('\n');
        for (String w : canonical()) {
            b.append(w.getBytes(StandardCharsets.UTF_8).length).append(':').append(w).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** One simple command after shell analysis: its argv ({@code argv[0]} as written). */
    record Command(List<String> argv) implements Action {
        public Command {
            argv = List.copyOf(argv);
        }

        @Override
        public String kind() {
            return "command";
        }

        @Override
        public List<String> canonical() {
            return argv;
        }
    }

    /** A file the agent's file tool reads; {@code path} is absolute and normalised. */
    record FileRead(String path) implements Action {
        public FileRead {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String kind() {
            return "file.read";
        }

        @Override
        public List<String> canonical() {
            return List.of("file.read", path);
        }
    }

    /** A file the agent's edit, write or patch tool changes; {@code path} is absolute and normalised. */
    record FileWrite(String path) implements Action {
        public FileWrite {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String kind() {
            return "file.write";
        }

        @Override
        public List<String> canonical() {
            return List.of("file.write", path);
        }
    }

    /** A call of MCP tool {@code tool} on server {@code server}; {@code arguments} is the call's JSON input as sent. */
    record McpCall(String server, String tool, String arguments) implements Action {
        public McpCall {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(arguments, "arguments");
        }

        @Override
        public String kind() {
            return "mcp.call";
        }

        @Override
        public List<String> canonical() {
            return List.of("mcp.call", server + "/" + tool, arguments);
        }
    }

    /**
     * A path as the file tools mean it: relative to {@code cwd} when not absolute, with {@code .} and {@code ..}
     * resolved lexically (a rule about {@code /workspace/.env} also covers {@code sub/../.env}).
     */
    static String normalise(String path, String cwd) {
        String p = path.startsWith("/") || cwd.isEmpty() ? path : cwd + "/" + path;
        List<String> out = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(part);
        }
        return "/" + String.join("/", out);
    }
}
