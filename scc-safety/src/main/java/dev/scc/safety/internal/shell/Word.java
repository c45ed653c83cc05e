package dev.scc.safety.internal.shell;

/**
 * One shell word after quote removal. {@code dynamic} means part of it is only known at run time
 * ({@code $VAR}, {@code $(…)}, backticks, arithmetic); {@code quoted} means some quoting was used.
 */
public record Word(String text, boolean dynamic, boolean quoted) {
    public static Word literal(String text) {
        return new Word(text, false, false);
    }
}
