package io.ferry.cli;

import io.ferry.cli.terminal.OpenLine;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.run.ProgressListener;
import io.ferry.run.StorePace;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far a stage has got on standard error: on a terminal, one line redrawn in place at most
 * ten times a second; elsewhere (CI logs, files), a plain line at most every two seconds, so that
 * a log of a long run stays readable. Both say the records a second the stage achieved over the last
 * ten seconds and since it began, the time left at the recent rate ({@code ETA --} until it has two
 * seconds to go on), and how each paced store is paced (see {@link PaceText}). The line on a terminal
 * is kept narrower than the terminal, so that it never wraps and can be redrawn: what does not fit
 * is left to the line that closes the stage.
 */
final class ProgressReporter implements ProgressListener {

    /** The width assumed of a terminal whose width is not known. */
    static final int COLUMNS = 80;
    private static final long BAR_INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LINE_INTERVAL = TimeUnit.SECONDS.toNanos(2);
    private static final int BAR_WIDTH = 16;

    private final TerminalWriter err;
    private final boolean bar;
    private final LongSupplier clock;
    private final int columns;
    private final RecentRate rate = new RecentRate();
    private final PaceText pace = new PaceText();
    private List<StorePace> stores = List.of();
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
        this(err, bar, clock, COLUMNS);
    }

    /**
     * @param err where progress goes
     * @param bar whether err is a terminal that can redraw a line
     * @param clock nanoseconds, {@link System#nanoTime} outside tests
     * @param columns the terminal's width
     */
    ProgressReporter(PrintWriter err, boolean bar, LongSupplier clock, int columns) {
        this.err = TerminalWriter.of(err);
        this.bar = bar;
        this.clock = clock;
        this.columns = columns;
    }

    @Override
    public void paced(List<StorePace> paced) {
        this.stores = paced;
    }

    @Override
    public void started(String stage, long total) {
        stageStart = clock.getAsLong();
        rate.start(stageStart);
        lastShown = stageStart;
        shownThisStage = false;
        if (bar) {
            draw(stage, 0, total);
        }
    }

    @Override
    public void progress(String stage, long done, long total) {
        long now = clock.getAsLong();
        rate.record(now, done);
        if (now - lastShown < (bar ? BAR_INTERVAL : LINE_INTERVAL)) {
            return;
        }
        lastShown = now;
        if (bar) {
            draw(stage, done, total);
        } else {
            StringBuilder line = new StringBuilder(stage).append(": ").append(counts(done, total)).append(", ")
                    .append(Math.round(rate.recent())).append(" rec/s, ")
                    .append(Math.round(rate.overall(now, done))).append(" overall");
            if (total > 0) {
                line.append(", ").append(eta(total - done));
            }
            err.println(line.append(storesPart(false, "; ")));
            err.flush();
            shownThisStage = true;
        }
    }

    @Override
    public void finished(String stage, long done) {
        long now = clock.getAsLong();
        String summary = stage + ": " + done + " records in " + seconds(now - stageStart) + " s, "
                + Math.round(rate.overall(now, done)) + " rec/s" + storesPart(false, "; ");
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
        String line = fit(stage, done, total, now);
        OpenLine.draw(() -> {
            redraw(line);
            err.flush();
        }, this::endLine);
    }

    /**
     * The fullest line that fits the terminal. What goes first as room runs out: the stores said in
     * full (then said briefly), the overall rate, the bar, the counts, the stores; at last the line
     * is cut short.
     */
    private String fit(String stage, long done, long total, long now) {
        String percent = total > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / total) + "  " : "";
        String counts = total > 0 ? done + "/" + total : done + " records";
        String withBar = total > 0
                ? "[" + "#".repeat((int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total))
                        + "-".repeat(BAR_WIDTH - (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total)) + "] " + percent + counts
                : counts;
        String recent = "  " + Math.round(rate.recent()) + " rec/s";
        String overall = " (" + Math.round(rate.overall(now, done)) + " overall)";
        String eta = total > 0 ? "  " + eta(total - done) : "";
        String full = storesPart(false, "  ");
        String brief = storesPart(true, "  ");
        String withoutCounts = total > 0 ? percent.stripTrailing() : counts;
        String[] candidates = {
            stage + ' ' + withBar + recent + overall + eta + full,
            stage + ' ' + withBar + recent + overall + eta + brief,
            stage + ' ' + withBar + recent + eta + brief,
            stage + ' ' + percent + counts + recent + eta + brief,
            stage + ' ' + withoutCounts + recent + eta + brief,
            stage + ' ' + withBar + recent + overall + eta,
            stage + ' ' + withBar + recent + eta,
            stage + ' ' + percent + counts + recent + eta,
        };
        int room = columns - 1;
        for (String candidate : candidates) {
            if (candidate.length() <= room) {
                return candidate;
            }
        }
        String last = candidates[candidates.length - 1];
        return last.substring(0, Math.max(0, Math.min(room, last.length())));
    }

    private String storesPart(boolean brief, String separator) {
        String said = pace.describe(stores, brief);
        return said.isEmpty() ? "" : separator + said;
    }

    private String eta(long remaining) {
        long seconds = rate.etaSeconds(remaining);
        return seconds < 0 ? "ETA --" : "ETA " + duration(seconds);
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

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
