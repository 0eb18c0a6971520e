package io.ferry.cli;

import io.ferry.cli.terminal.OpenLine;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.run.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far a stage has got on standard error: on a terminal, one bar redrawn in place at most
 * ten times a second; elsewhere (CI logs, files), a plain line at most every two seconds, so that
 * a log of a long run stays readable.
 */
final class ProgressReporter implements ProgressListener {

    private static final long BAR_INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LINE_INTERVAL = TimeUnit.SECONDS.toNanos(2);
    private static final int BAR_WIDTH = 24;

    private final TerminalWriter err;
    private final boolean bar;
    private final LongSupplier clock;
    private long stageStart;
    private long lastShown;
    private boolean shownThisStage;
    private int drawnLength;

    /**
     * @param err where progress goes
     * @param bar whether err is a terminal that can redraw a line
     * @param clock nanoseconds, {@link System#nanoTime} outside tests
     */
    ProgressReporter(PrintWriter err, boolean bar, LongSupplier clock) {
        this.err = TerminalWriter.of(err);
        this.bar = bar;
        this.clock = clock;
    }

    @Override
    public void started(String stage, long total) {
        stageStart = clock.getAsLong();
        lastShown = stageStart;
        shownThisStage = false;
        if (bar) {
            draw(stage, 0, total);
        }
    }

    @Override
    public void progress(String stage, long done, long total) {
        long now = clock.getAsLong();
        if (now - lastShown < (bar ? BAR_INTERVAL : LINE_INTERVAL)) {
            return;
        }
        lastShown = now;
        if (bar) {
            draw(stage, done, total);
        } else {
            err.println(stage + ": " + counts(done, total) + ", " + rate(done, now) + " rec/s");
            err.flush();
            shownThisStage = true;
        }
    }

    @Override
    public void finished(String stage, long done) {
        long now = clock.getAsLong();
        String summary = stage + ": " + done + " records in " + seconds(now - stageStart) + " s, "
                + rate(done, now) + " rec/s";
        if (bar) {
            OpenLine.close(() -> {
                redraw(summary);
                err.println();
                drawnLength = 0;
            });
        } else if (shownThisStage) {
            err.println(summary);
        }
        err.flush();
    }

    private void draw(String stage, long done, long total) {
        long now = clock.getAsLong();
        StringBuilder line = new StringBuilder(stage).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", done * 100 / total)).append("  ")
                    .append(done).append('/').append(total);
        } else {
            line.append(done).append(" records");
        }
        double rate = rateValue(done, now);
        line.append("  ").append(Math.round(rate)).append(" rec/s");
        if (total > 0 && rate > 0 && done < total) {
            line.append("  ETA ").append(duration((long) ((total - done) / rate)));
        }
        OpenLine.draw(() -> {
            redraw(line.toString());
            err.flush();
        }, this::endLine);
    }

    /** Other text is about to be written: the bar moves to the line after it. */
    private void endLine() {
        err.println();
        err.flush();
        drawnLength = 0;
    }

    /** Pads with spaces so that a shorter line wipes out the end of the longer one it replaces. */
    private void redraw(String line) {
        err.writeControl("\r");
        err.print(line);
        if (line.length() < drawnLength) {
            err.print(" ".repeat(drawnLength - line.length()));
        }
        drawnLength = line.length();
    }

    private static String counts(long done, long total) {
        return total > 0 ? done + "/" + total + " (" + done * 100 / total + "%)" : done + " records";
    }

    private String rate(long done, long now) {
        return Long.toString(Math.round(rateValue(done, now)));
    }

    private double rateValue(long done, long now) {
        double elapsed = (now - stageStart) / 1e9;
        return elapsed <= 0 ? 0 : done / elapsed;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
