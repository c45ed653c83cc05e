package dev.scc.testkit.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scripted model answers, turn by turn. Turn {@code n} is the answer to the request that carries {@code n}
 * earlier answers of the model in its conversation (so a retried request gets the same turn again, and side requests
 * without tools get plain text); past the last turn the model says {@value #DONE} and ends its turn.
 *
 * <p>The text form (one turn a line, {@code #} comments and blank lines ignored) is what a fake running as its own
 * process reads:
 * <pre>
 * shell git push --force origin main        # the agent's shell tool with this command line
 * tool mcp__fs__read_file {"path":"a.txt"}  # any tool by name with a JSON input (MCP: mcp__SERVER__TOOL)
 * await approved                            # hold the NEXT answer until the file "approved" exists in the data dir
 * say all done                              # a text answer that ends the agent's turn
 * </pre>
 */
public record ModelScript(List<Turn> turns) {
    /** The answer after the last turn. */
    public static final String DONE = "Done.";

    public ModelScript {
        turns = List.copyOf(turns);
    }

    /** One answer of the model, optionally held until a marker file exists. */
    public sealed interface Turn {
        /** The marker file (in the fake's data directory) this answer waits for, if any. */
        Optional<String> awaits();
    }

    /** A call of the agent's own shell tool (Claude's {@code Bash}, Codex's {@code exec_command}/{@code shell}). */
    public record Shell(String command, Optional<String> awaits) implements Turn {
        public Shell {
            Objects.requireNonNull(command, "command");
        }
    }

    /** A call of any tool by its name as the agent lists it (MCP tools: {@code mcp__<server>__<tool>}). */
    public record ToolCall(String name, String jsonInput, Optional<String> awaits) implements Turn {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jsonInput, "jsonInput");
        }
    }

    /** A text answer that ends the agent's turn. */
    public record Say(String text, Optional<String> awaits) implements Turn {
        public Say {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Starts a script. */
    public static Builder builder() {
        return new Builder();
    }

    /** The turn answering a conversation with {@code earlierAnswers} answers of the model; past the end, {@link #DONE}. */
    public Turn turn(int earlierAnswers) {
        return earlierAnswers < turns.size() ? turns.get(earlierAnswers) : new Say(DONE, Optional.empty());
    }

    /** Parses the text form; a line that is no turn is an error naming its number. */
    public static ModelScript parse(String text) {
        Builder b = builder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sp = line.indexOf(' ');
            String verb = sp < 0 ? line : line.substring(0, sp);
            String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
            switch (verb) {
                case "shell" -> b.shell(rest);
                case "say" -> b.say(rest);
                case "await" -> b.await(rest);
                case "tool" -> {
                    int j = rest.indexOf(' ');
                    b.tool(j < 0 ? rest : rest.substring(0, j), j < 0 ? "{}" : rest.substring(j + 1).strip());
                }
                default -> throw new IllegalArgumentException("model script line " + (i + 1) + ": '" + line
                        + "' is not a turn; expected shell CMD, tool NAME JSON, await MARKER or say TEXT");
            }
        }
        return b.build();
    }

    /** Reads the text form from a file. */
    public static ModelScript read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model script " + file, e);
        }
    }

    /** The text form ({@link #parse} gives this script back). */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (Turn t : turns) {
            t.awaits().ifPresent(m -> sb.append("await ").append(m).append('\n'));
            if (t instanceof Shell s) {
                sb.append("shell ").append(oneLine(s.command())).append('\n');
            } else if (t instanceof ToolCall c) {
                sb.append("tool ").append(c.name()).append(' ').append(oneLine(c.jsonInput())).append('\n');
            } else if (t instanceof Say s) {
                sb.append("say ").append(oneLine(s.text())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        if (s.indexOf('\n') >= 0 || !s.equals(s.strip())) {
            throw new IllegalArgumentException("a turn of the text form is one line without surrounding blanks: '" + s + "'");
        }
        return s;
    }

    /** Builds a script turn by turn. */
    public static final class Builder {
        private final List<Turn> turns = new ArrayList<>();
        private Optional<String> awaits = Optional.empty();

        /** The agent runs {@code command} with its shell tool. */
        public Builder shell(String command) {
            turns.add(new Shell(command, take()));
            return this;
        }

        /** The agent calls tool {@code name} with {@code jsonInput}. */
        public Builder tool(String name, String jsonInput) {
            turns.add(new ToolCall(name, jsonInput, take()));
            return this;
        }

        /** The model answers {@code text} and ends the agent's turn. */
        public Builder say(String text) {
            turns.add(new Say(text, take()));
            return this;
        }

        /** Holds the next answer until the file {@code marker} exists in the fake's data directory. */
        public Builder await(String marker) {
            if (marker.isBlank() || marker.contains("/") || marker.startsWith(".")) {
                throw new IllegalArgumentException("await marker must be a plain file name, got '" + marker + "'");
            }
            awaits = Optional.of(marker);
            return this;
        }

        private Optional<String> take() {
            Optional<String> a = awaits;
            awaits = Optional.empty();
            return a;
        }

        public ModelScript build() {
            if (awaits.isPresent()) {
                throw new IllegalStateException("await " + awaits.get() + " holds no turn: add the turn it holds");
            }
            return new ModelScript(turns);
        }
    }
}
