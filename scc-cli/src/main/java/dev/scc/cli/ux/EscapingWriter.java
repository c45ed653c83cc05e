package dev.scc.cli.ux;

import dev.scc.core.text.Printable;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A writer that shows control characters instead of sending them ({@link Printable#escape}): reports that print
 * strings from documents (team names, descriptions, items, reasons) go through it, so even text that was never
 * validated cannot move the cursor or rewrite the screen. Styles from {@link Terminal} must be added outside it.
 */
public final class EscapingWriter extends FilterWriter {
    private EscapingWriter(Writer out) {
        super(out);
    }

    /** A print writer over {@code out} that escapes control characters; flushing it flushes {@code out}. */
    public static PrintWriter over(Writer out) {
        return new PrintWriter(new EscapingWriter(out), false);
    }

    @Override
    public void write(int c) throws IOException {
        out.write(Printable.isControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c));
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        write(new String(cbuf, off, len), 0, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        out.write(Printable.escape(str.substring(off, off + len)));
    }
}
