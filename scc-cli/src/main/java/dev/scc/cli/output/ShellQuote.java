package dev.scc.cli.output;

import java.util.List;

/** Shell-quoting of an argv for display, so what a reviewer reads is what would run. */
public final class ShellQuote {
    private ShellQuote() {}

    /** The argv as one POSIX shell line: plain words as they are, anything else in single quotes. */
    public static String of(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (!a.isEmpty() && a.matches("[A-Za-z0-9_@%+=:,./-]+")) {
                b.append(a);
            } else {
                b.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }
}
