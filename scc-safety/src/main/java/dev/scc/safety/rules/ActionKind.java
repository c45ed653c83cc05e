package dev.scc.safety.rules;

import java.util.Arrays;
import java.util.Optional;

/** The provider-neutral kinds of action an agent takes; {@link #key()} is the key a rule's {@code match} uses. */
public enum ActionKind {
    /** One simple command after shell analysis. */
    COMMAND("command"),
    /** A file read by the agent's file tools. */
    FILE_READ("file.read"),
    /** A file write (editors' patch tools count as writes). */
    FILE_WRITE("file.write"),
    /** An MCP tool call. */
    MCP_CALL("mcp.call"),
    /** A network destination as the proxy sees it. */
    NETWORK("network"),
    /** A git push: remote and the refs it updates. */
    GIT_PUSH("git.push");

    private final String key;

    ActionKind(String key) {
        this.key = key;
    }

    /** The spelling in policy documents and JSON. */
    public String key() {
        return key;
    }

    /** The kind a {@code match} key names. */
    public static Optional<ActionKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
