package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.api.RunResult;
import io.ferry.runbook.Schedule;
import io.ferry.state.RunStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code ferry schedule RUNBOOK} does in the foreground: tries the run, and while no window
 * is open or the run paused at a window's end, waits for the next window and tries again, until
 * the run ends or the wait is stopped.
 */
final class WindowLoop {

    /** Waits for a moment. */
    interface Waiter {

        /**
         * @param when the moment
         * @return true when it came, false when the wait was stopped first (Ctrl-C)
         */
        boolean waitUntil(Instant when);
    }

    private final Schedule schedule;
    private final Clock clock;
    private final Waiter waiter;
    private final PrintWriter out;

    /**
     * @param schedule the runbook's windows
     * @param clock what time it is, in the zone the windows are read in
     * @param waiter waits for the next window
     * @param out where to say what it waits for
     */
    WindowLoop(Schedule schedule, Clock clock, Waiter waiter, PrintWriter out) {
        this.schedule = schedule;
        this.clock = clock;
        this.waiter = waiter;
        this.out = out;
    }

    /**
     * @param attempt runs or continues the run: {@code ferry run RUNBOOK}
     * @param paused hears each result of a run that paused at a window's end
     * @return the result of the run once it is no longer paused, or null when a wait was stopped
     * @throws FerryException what the attempt throws, except that no window is open
     */
    RunResult run(Supplier<RunResult> attempt, Consumer<RunResult> paused) {
        while (true) {
            RunResult result = null;
            try {
                result = attempt.get();
            } catch (FerryException e) {
                if (e.exitCode() != ExitCode.WINDOW_CLOSED) {
                    throw e;
                }
            }
            if (result != null && result.status() != RunStatus.PAUSED) {
                return result;
            }
            if (result != null) {
                paused.accept(result);
            }
            Instant opens = schedule.nextOpening(clock.instant(), clock.getZone()).orElseThrow(() -> new FerryException(
                    ExitCode.USAGE, "the cron expression '" + schedule.cron() + "' names no time after now"));
            out.println("waiting for the next window, at " + opens.truncatedTo(ChronoUnit.SECONDS) + " (Ctrl-C stops)");
            out.flush();
            if (!waiter.waitUntil(opens)) {
                return null;
            }
        }
    }
}
