package io.ferry.cli.repl;

import io.ferry.run.ProgressListener;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where the shell prints: text scrubbed of the values the session has seen, tables in colour when
 * the terminal shows colours, and progress as the CLI shows it, for work that takes long enough
 * to need it.
 */
final class ReplOutput {

    /** A listing shorter than this shows no progress, so that a quick one is just its table. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Lines kept free under a capped table: the line that says what is left, and the prompt. */
    private static final int FREE_LINES = 3;

    private final PrintWriter out;
    private final boolean colour;
    private final Function<PrintWriter, ProgressListener> progress;
    private final Screen screen;
    /** The puts of the line running: one progress line and a count, not a line each. */
    private final Set<String> putInto = new LinkedHashSet<>();
    private ProgressListener putting;
    private long puts;

    /**
     * The terminal a table may fill: its height (0 when unknown, as on a dumb terminal, where
     * nothing is capped), the pager a person chose, and the masking of text that bypasses the
     * output filter on its way to that pager.
     *
     * @param height the terminal's rows now
     * @param pager the {@code $PAGER} command, or null
     * @param mask masks the values the shell has seen in a text
     */
    record Screen(IntSupplier height, String pager, UnaryOperator<String> mask) {

        /** A screen of unknown height: tables print whole. */
        static final Screen UNBOUNDED = new Screen(() -> 0, null, UnaryOperator.identity());
    }

    /**
     * @param out the scrubbed output
     * @param colour whether the terminal shows colours
     * @param progress makes the CLI's progress reporter for a writer
     * @param screen the terminal that long tables are paged or capped for
     */
    ReplOutput(PrintWriter out, boolean colour, Function<PrintWriter, ProgressListener> progress, Screen screen) {
        this.out = out;
        this.colour = colour;
        this.progress = progress;
        this.screen = screen;
    }

    PrintWriter out() {
        return out;
    }

    boolean colour() {
        return colour;
    }

    void table(Table table) {
        table.print(out, colour);
    }

    /**
     * A table that may be longer than the screen: through {@code $PAGER} when one is set, else
     * its first rows and a line saying how many more and how to see them all.
     *
     * @param table the rows
     * @param all how to see them all, for example {@code :ls big --all}; null prints them all
     */
    void page(Table table, String all) {
        int height = screen.height().getAsInt();
        if (all == null || height <= 0 || table.size() <= height - FREE_LINES) {
            table.print(out, colour);
        } else if (screen.pager() != null && !screen.pager().isBlank()) {
            pager(table);
        } else {
            int shown = Math.max(1, height - FREE_LINES);
            table.print(out, colour, shown);
            out.println((table.size() - shown) + " more; " + all);
            out.flush();
        }
    }

    /** The pager reads the table from a pipe and the keys from the terminal, which it shares with the shell. */
    private void pager(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text), false);
        out.flush();
        Process pager;
        try {
            pager = new ProcessBuilder("sh", "-c", screen.pager())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the pager '" + screen.pager() + "' set in $PAGER: "
                    + e.getMessage() + "; unset PAGER to see the first rows instead", e);
        }
        try (Writer in = new OutputStreamWriter(pager.getOutputStream(), StandardCharsets.UTF_8)) {
            in.write(screen.mask().apply(text.toString()));
        } catch (IOException quitEarly) {
            // The pager was left before it read every row: what it did not read was not wanted.
        }
        try {
            pager.waitFor();
        } catch (InterruptedException e) {
            pager.destroy();
            throw new CancellationException("the pager was stopped");
        }
    }

    /** @param uri the store a value was just written to, by the line running */
    void wrote(String uri) {
        if (puts++ == 0) {
            putting = progress();
            putting.started("putting", -1);
        }
        putInto.add(uri);
        putting.progress("putting", puts, -1);
    }

    /** A line has ended: what its puts wrote, when there was more than one. */
    void lineEnded() {
        if (puts == 0) {
            return;
        }
        putting.finished("putting", puts);
        if (puts > 1) {
            out.println(puts + " values written to " + String.join(", ", putInto));
            out.flush();
        }
        puts = 0;
        putInto.clear();
        putting = null;
    }

    /** @return progress that stays quiet for the first second of a stage */
    ProgressListener progress() {
        return new PatientProgress(progress.apply(out));
    }

    /** Passes progress on only once a stage has lasted {@link #QUIET_NANOS}. */
    private static final class PatientProgress implements ProgressListener {

        private final ProgressListener shown;
        private long start;
        private boolean showing;

        PatientProgress(ProgressListener shown) {
            this.shown = shown;
        }

        @Override
        public void started(String stage, long total) {
            start = System.nanoTime();
            showing = false;
        }

        @Override
        public void progress(String stage, long done, long total) {
            if (!showing && System.nanoTime() - start >= QUIET_NANOS) {
                showing = true;
                shown.started(stage, total);
            }
            if (showing) {
                shown.progress(stage, done, total);
            }
        }

        @Override
        public void finished(String stage, long done) {
            if (showing) {
                shown.finished(stage, done);
            }
        }
    }
}
