package io.ferry.api;

import io.ferry.plan.PlanSummary;
import io.ferry.run.Cancellation;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnFailure;
import io.ferry.runbook.Schedule;
import io.ferry.runbook.Validation;
import io.ferry.spi.CallCosts;
import io.ferry.state.Action;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The maintenance window a run writes in: opened when the run starts or continues, checked between
 * batches, and closed at its end, when the run pauses and says when the next one opens. A run
 * without a schedule has a window that never closes.
 */
final class MaintenanceWindow {

    /** The window of a run without a schedule. */
    static final MaintenanceWindow UNBOUNDED = new MaintenanceWindow(null, Clock.systemUTC(), null);

    private final Schedule schedule;
    private final Clock clock;
    private final Instant closes;

    private MaintenanceWindow(Schedule schedule, Clock clock, Instant closes) {
        this.schedule = schedule;
        this.clock = clock;
        this.closes = closes;
    }

    /**
     * @param schedule the run's windows, or null for none
     * @param clock what time it is
     * @param what the runbook or run, for the message
     * @param later what to run in the next window, and how to write now instead, for the message
     * @return the window open now
     * @throws FerryException of code {@link ExitCode#WINDOW_CLOSED} when the schedule has none open now,
     *     saying when the next opens
     */
    static MaintenanceWindow open(Schedule schedule, Clock clock, String what, String later) {
        if (schedule == null) {
            return UNBOUNDED;
        }
        Instant now = clock.instant();
        Optional<Instant> closes = schedule.closesAfter(now, clock.getZone());
        if (closes.isEmpty()) {
            throw new FerryException(ExitCode.WINDOW_CLOSED, what + " writes in maintenance windows (" + schedule.describe()
                    + ") and none is open now; the next opens at " + next(schedule, clock, now) + "; " + later);
        }
        return new MaintenanceWindow(schedule, clock, closes.get());
    }

    /**
     * @param user the caller's token, cancelled by Ctrl-C
     * @return a token that is also requested once the window has closed
     */
    Cancellation cancellation(Cancellation user) {
        return closes == null ? user : user.orWhen(this::closed);
    }

    /** @return whether the window has closed */
    boolean closed() {
        return closes != null && !clock.instant().isBefore(closes);
    }

    /**
     * @param runId the paused run
     * @param written the records written so far
     * @param total the records the run writes
     * @return why the run paused and when it continues
     */
    String pauseReason(String runId, long written, long total) {
        String when = schedule.recurring() ? "the next window opens at " + next(schedule, clock, clock.instant())
                + "; continue it then with: ferry resume " + runId + " (or ferry run or ferry migrate of its runbook)"
                : "continue it with: ferry resume " + runId + " --window " + schedule.windowText();
        return "the maintenance window (" + schedule.describe() + ") closed at " + closes.truncatedTo(ChronoUnit.SECONDS)
                + " with " + written + " of " + total + " records written; " + when;
    }

    private static String next(Schedule schedule, Clock clock, Instant now) {
        return schedule.nextOpening(now, clock.getZone()).map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString())
                .orElse("no time the cron expression names");
    }

    /**
     * How long one batch of writes takes at the target's rates and the runbook's cap.
     *
     * @param execution the runbook's execution options
     * @param targetUri the target
     * @param costs what the target's calls cost
     * @return the time, zero when nothing paces the writes
     */
    static Duration batchTime(Execution execution, String targetUri, CallCosts costs) {
        return writeTime(execution, targetUri, costs, execution.batchSize());
    }

    /**
     * Refuses a window shorter than one batch takes: the run would never write a whole batch inside it.
     *
     * @throws FerryException of code {@link ExitCode#USAGE}, naming the fix
     */
    static void requireBatchFits(Schedule schedule, Execution execution, String targetUri, CallCosts costs) {
        if (schedule == null) {
            return;
        }
        Duration batch = batchTime(execution, targetUri, costs);
        if (batch.compareTo(schedule.window()) > 0) {
            Estimate.Pace pace = writes(execution, targetUri, costs, execution.batchSize()).stores().get(0).pace();
            throw new FerryException(ExitCode.USAGE, "the maintenance window of " + schedule.windowText() + " is shorter than one"
                    + " batch of " + execution.batchSize() + " records takes (" + minutes(batch) + " at "
                    + (Estimate.Pace.RUNBOOK.equals(pace.by()) ? "the runbook's cap of" : pace.by() + "'s") + " "
                    + new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(pace.perSecond()) + " " + pace.calls()
                    + "/s); widen the window, or lower execution batchSize to fit it");
        }
    }

    /**
     * @param schedule the run's windows
     * @param execution the runbook's execution options
     * @param plan the plan's counts
     * @param targetUri the target
     * @param costs what the target's calls cost
     * @return how many windows the run's writes need: each takes the whole batches that fit in it
     */
    static long windowsNeeded(Schedule schedule, Execution execution, PlanSummary plan, String targetUri, CallCosts costs) {
        long writes = plan.count(Action.CREATE) + plan.count(Action.UPDATE) + plan.count(Action.DELETE);
        if (writes == 0) {
            return 0;
        }
        long batches = (writes + execution.batchSize() - 1) / execution.batchSize();
        Duration batch = batchTime(execution, targetUri, costs);
        if (batch.isZero()) {
            return 1;
        }
        long perWindow = Math.max(1, schedule.window().toMillis() / Math.max(1, batch.toMillis()));
        return (batches + perWindow - 1) / perWindow;
    }

    private static String minutes(Duration d) {
        return d.toMinutes() < 1 ? "about " + Math.max(1, Math.round(d.toMillis() / 1000.0)) + " s"
                : "about " + Math.round(d.toMillis() / 60_000.0) + " min";
    }

    private static Duration writeTime(Execution execution, String targetUri, CallCosts costs, long records) {
        return writes(execution, targetUri, costs, records).duration();
    }

    /** The cost of creating some records, without validation: what a batch of the executor does. */
    private static Estimate writes(Execution execution, String targetUri, CallCosts costs, long records) {
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        counts.put(Action.CREATE, records);
        Validation none = new Validation(Validation.Compare.NONE, 1, 0, OnFailure.STOP);
        return new Estimator(execution, none, execution.batchSize()).estimate(new PlanSummary(counts, 0, true), targetUri, costs);
    }
}
