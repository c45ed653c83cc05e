package dev.scc.safety.rules;

import java.util.List;

/**
 * One pattern of a rule's {@code match}: it applies to actions of one {@link #kind()} and says whether an action of
 * that kind matches. Implementations are immutable, never throw from {@link #matches}, and compare by text.
 */
public sealed interface ActionPattern permits CommandPattern, PathPattern, McpPattern, DestinationPattern, PushPattern {

    /** The kind of action this pattern applies to. */
    ActionKind kind();

    /** The pattern as the author wrote it. */
    String text();

    /** True when {@code action} is of this pattern's kind and matches it. */
    boolean matches(Action action);

    /**
     * Parses a pattern of {@code kind}.
     *
     * @throws IllegalArgumentException saying what is wrong, including a pattern that can never match
     */
    static ActionPattern parse(ActionKind kind, String text) {
        switch (kind) {
            case COMMAND: return CommandPattern.parse(text);
            case FILE_READ:
            case FILE_WRITE: return PathPattern.parse(kind, text);
            case MCP_CALL: return McpPattern.parse(text);
            case NETWORK: return DestinationPattern.parse(text);
            case GIT_PUSH: return PushPattern.parse(text);
            default: throw new IllegalArgumentException("unknown action kind " + kind);
        }
    }

    /**
     * The action an example of a rule's {@code tests} stands for, for patterns of {@code kind}: a path for file
     * kinds, {@code server/tool} for MCP, {@code host[:port]} for network, {@code [remote:]ref} for git push.
     * Command examples are shell lines and go through the analyser instead ({@link RuleSet#commandsOf}).
     *
     * @throws IllegalArgumentException when the example is not in that form
     */
    static Action example(ActionKind kind, String example) {
        switch (kind) {
            case FILE_READ: return new Action.FileRead(example);
            case FILE_WRITE: return new Action.FileWrite(example);
            case MCP_CALL: {
                int slash = example.indexOf('/');
                if (slash <= 0 || slash == example.length() - 1) {
                    throw new IllegalArgumentException("an mcp.call example is server/tool (got \"" + example + "\")");
                }
                return new Action.McpCall(example.substring(0, slash), example.substring(slash + 1), "");
            }
            case NETWORK: {
                int colon = example.lastIndexOf(':');
                if (colon > 0 && example.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < example.length() - 1) {
                    return new Action.Network("https", example.substring(0, colon), Integer.parseInt(example.substring(colon + 1)));
                }
                return new Action.Network("https", example, 0);
            }
            case GIT_PUSH: {
                int colon = example.indexOf(':');
                return colon > 0 ? new Action.GitPush(example.substring(0, colon), List.of(example.substring(colon + 1)), false)
                        : new Action.GitPush("origin", List.of(example), false);
            }
            default: throw new IllegalArgumentException("command examples are analysed as shell lines");
        }
    }
}
