package dev.scc.cli.ux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * A progress display for long work (image builds, fetches) that is pure and testable: it only writes to the
 * {@link Writer} it is given.
 *
 * <p>On a terminal ({@code redraw}) it redraws one line in place with {@code \r}, and only when the drawn
 * text changes. Elsewhere (CI logs, pipes) it prints one plain line per milestone ({@code step} percent, by
 * default every 25 %) without control characters, so logs stay short and greppable. With an unknown total
 * ({@code total <= 0}) it shows the count on a terminal and prints only the final line elsewhere.
 * Not thread-safe: one producer updates it.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final Writer out;
    private final boolean redraw;
    private final String label;
    private final long total;
    private final int step;
    private String lastDrawn = "";
    private int lastMilestone = -1;
    private long done;
    private boolean finished;

    /** A bar with milestones every 25 %. */
    public ProgressBar(Writer out, boolean redraw, String label, long total) {
        this(out, redraw, label, total, 25);
    }

    /**
     * @param redraw draw in place (stdout is a terminal)
     * @param step milestone interval in percent for non-terminal output, 1 to 100
     */
    public ProgressBar(Writer out, boolean redraw, String label, long total, int step) {
        if (step < 1 || step > 100) {
            throw new IllegalArgumentException("step must be 1..100 percent, got " + step);
        }
        this.out = out;
        this.redraw = redraw;
        this.label = label;
        this.total = total;
        this.step = step;
    }

    /** A bar for this terminal: redraws only when {@code terminal} is interactive. */
    public static ProgressBar on(Writer out, Terminal terminal, String label, long total) {
        return new ProgressBar(out, terminal.interactive(), label, total);
    }

    /** Sets the amount done so far (clamped to {@code 0..total}); ignored after {@link #finish()}. */
    public void update(long doneSoFar) {
        if (finished) {
            return;
        }
        done = Math.max(0, total > 0 ? Math.min(doneSoFar, total) : doneSoFar);
        if (redraw) {
            draw(line());
        } else if (total > 0) {
            int milestone = percent() / step * step;
            if (milestone > lastMilestone && milestone < 100) {
                lastMilestone = milestone;
                write(label + ": " + milestone + "% (" + done + "/" + total + ")\n");
            }
        }
    }

    /** Adds {@code delta} to the amount done. */
    public void advance(long delta) {
        update(done + delta);
    }

    /** Completes the display: the full bar and a newline on a terminal, a final "done" line elsewhere. */
    public void finish() {
        if (finished) {
            return;
        }
        if (total > 0) {
            done = total;
        }
        if (redraw) {
            draw(line());
            write("\n");
        } else {
            write(label + ": done (" + (total > 0 ? done + "/" + total : String.valueOf(done)) + ")\n");
        }
        finished = true;
    }

    /** The text of the bar for the current state, without control characters. */
    String line() {
        if (total <= 0) {
            return label + " " + done;
        }
        int filled = (int) (done * WIDTH / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent())
                + " " + done + "/" + total;
    }

    private int percent() {
        return total <= 0 ? 0 : (int) (done * 100 / total);
    }

    private void draw(String s) {
        if (s.equals(lastDrawn)) {
            return;
        }
        // Pad over a longer previous line so no stale characters remain.
        String pad = " ".repeat(Math.max(0, lastDrawn.length() - s.length()));
        lastDrawn = s;
        write("\r" + s + pad);
    }

    private void write(String s) {
        try {
            out.write(s);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write progress", e);
        }
    }
}
