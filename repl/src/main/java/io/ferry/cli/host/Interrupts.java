package io.ferry.cli.host;

import io.ferry.run.Cancellation;
import java.io.PrintWriter;

/**
 * How a long command (a run, a rollback) hears Ctrl-C: from the command line, through the process's
 * signal handler ({@link CtrlC}); inside the REPL, through the shell, which must stay alive.
 */
public interface Interrupts {

    /** Ctrl-C as the command line handles it: stop at the next batch, a second press quits at once. */
    Interrupts SIGNAL = CtrlC::install;

    /**
     * Starts passing Ctrl-C to the engine's cancellation, until the returned watch is closed.
     *
     * @param cancellation the token the engine checks between batches
     * @param err where to say what is happening
     * @return the watch; close it when the work is over
     */
    Watch watch(Cancellation cancellation, PrintWriter err);

    /** Listening for Ctrl-C while one command works. */
    interface Watch extends AutoCloseable {
        /** Stops listening. */
        @Override
        void close();
    }
}
