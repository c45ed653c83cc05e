package dev.scc.cli.ux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Line-based questions on a terminal: the default is shown in brackets and taken on an empty answer; a bad
 * answer says why and asks again. End of input (Ctrl-D) cancels with {@link PromptCancelledException}, so a
 * wizard never writes half an answer. Reads from any {@link BufferedReader}, so it is tested without a terminal.
 */
public final class Prompter {
    private final BufferedReader in;
    private final PrintWriter out;
    private final Terminal terminal;

    public Prompter(BufferedReader in, PrintWriter out, Terminal terminal) {
        this.in = in;
        this.out = out;
        this.terminal = terminal;
    }

    /** Free text; blank takes {@code dflt} when present, otherwise asks again. */
    public String text(String question, Optional<String> dflt) {
        return ask(question, dflt, s -> s.isBlank() ? Optional.of("an answer is required") : Optional.empty());
    }

    /**
     * One of {@code choices}, by name or by its 1-based number. The choices are listed first.
     *
     * @param labels shown after each choice (same size as {@code choices}; empty strings for none)
     */
    public String choose(String question, List<String> choices, List<String> labels, Optional<String> dflt) {
        out.println(terminal.bold(question));
        for (int i = 0; i < choices.size(); i++) {
            String label = i < labels.size() && !labels.get(i).isBlank() ? "  " + labels.get(i) : "";
            out.println("  " + (i + 1) + ") " + choices.get(i) + label);
        }
        String answer = ask("Choose", dflt, s -> {
            if (choices.contains(s) || index(s, choices.size()) >= 0) {
                return Optional.empty();
            }
            return Optional.of("'" + s + "' is not one of: " + String.join(", ", choices));
        });
        int i = index(answer, choices.size());
        return i >= 0 ? choices.get(i) : answer;
    }

    /** Yes or no; blank takes {@code dflt}. */
    public boolean confirm(String question, boolean dflt) {
        while (true) {
            out.print(question + (dflt ? " [Y/n] " : " [y/N] "));
            out.flush();
            String s = readLine().strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                return dflt;
            }
            if (s.equals("y") || s.equals("yes")) {
                return true;
            }
            if (s.equals("n") || s.equals("no")) {
                return false;
            }
            out.println(terminal.warn("Please answer y or n."));
        }
    }

    /**
     * Free text checked by {@code problem}, which returns why an answer is wrong (shown, then asked again) or
     * empty when it is acceptable. Blank takes {@code dflt} when present (the default is not checked).
     */
    public String text(String question, Optional<String> dflt, Function<String, Optional<String>> problem) {
        return ask(question, dflt, problem);
    }

    private String ask(String question, Optional<String> dflt, Function<String, Optional<String>> problem) {
        while (true) {
            out.print(question + dflt.map(d -> " [" + d + "]").orElse("") + ": ");
            out.flush();
            String s = readLine().strip();
            if (s.isEmpty() && dflt.isPresent()) {
                return dflt.get();
            }
            Optional<String> p = problem.apply(s);
            if (p.isEmpty()) {
                return s;
            }
            out.println(terminal.warn(p.get() + "; try again."));
        }
    }

    private static int index(String s, int size) {
        try {
            int i = Integer.parseInt(s);
            return i >= 1 && i <= size ? i - 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String readLine() {
        try {
            String line = in.readLine();
            if (line == null) {
                out.println();
                throw new PromptCancelledException();
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer from the terminal", e);
        }
    }
}
