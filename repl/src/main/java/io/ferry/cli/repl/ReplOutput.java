package io.ferry.cli.repl;

import io.ferry.run.ProgressListener;
import java.io.PrintWriter;
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

    private final PrintWriter out;
    private final boolean colour;
    private final Function<PrintWriter, ProgressListener> progress;

    /**
     * @param out the scrubbed output
     * @param colour whether the terminal shows colours
     * @param progress makes the CLI's progress reporter for a writer
     */
    ReplOutput(PrintWriter out, boolean colour, Function<PrintWriter, ProgressListener> progress) {
        this.out = out;
        this.colour = colour;
        this.progress = progress;
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
