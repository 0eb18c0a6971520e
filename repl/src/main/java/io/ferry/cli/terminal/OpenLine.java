package io.ferry.cli.terminal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The progress bar redrawn in place leaves its line open (no line feed) between redraws. Anything
 * else written to the terminal meanwhile, a log line above all, would be glued onto the bar
 * ({@code planning 0 records  0 rec/sWARN Planner - ...}); a stream {@link #guarding} the
 * terminal ends the open line first, and the bar is drawn again on the next line.
 */
public final class OpenLine {

    /** Ends the open line; null when no line is open. */
    private static final AtomicReference<Runnable> ENDER = new AtomicReference<>();
    /** The thread drawing the line, whose own writes must not end it. */
    private static volatile Thread drawing;

    private OpenLine() {
    }

    /**
     * Writes to the open line (a redraw of the bar), and leaves it open. No lock is held while
     * the line is drawn or ended: a log line may be written while its stream's lock is held.
     *
     * @param draw writes the line
     * @param end ends the line, when something else is about to be written
     */
    public static void draw(Runnable draw, Runnable end) {
        drawing = Thread.currentThread();
        try {
            draw.run();
        } finally {
            drawing = null;
        }
        ENDER.set(end);
    }

    /**
     * Writes what closes the line, a final redraw and its line feed.
     *
     * @param close writes it
     */
    public static void close(Runnable close) {
        ENDER.set(null);
        drawing = Thread.currentThread();
        try {
            close.run();
        } finally {
            drawing = null;
        }
    }

    /** Ends the open line, if there is one, before other text is written. */
    public static void end() {
        if (drawing == Thread.currentThread()) {
            return;
        }
        Runnable end = ENDER.getAndSet(null);
        if (end != null) {
            end.run();
        }
    }

    /**
     * @param terminal a stream to the terminal the bar is drawn on
     * @return that stream, ending an open line before each write
     */
    public static OutputStream guarding(OutputStream terminal) {
        return new FilterOutputStream(terminal) {
            @Override
            public void write(int b) throws IOException {
                end();
                out.write(b);
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                end();
                out.write(bytes, off, len);
            }
        };
    }
}
