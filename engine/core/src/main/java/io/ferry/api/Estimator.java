package io.ferry.api;

import io.ferry.plan.PlanSummary;
import io.ferry.runbook.Execution;
import io.ferry.runbook.Validation;
import io.ferry.spi.CallCosts;
import io.ferry.state.Action;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Works out what applying a plan costs: the executor writes every created and updated record (the
 * calls each write takes are the target's), validation reads back the records it compares in pages
 * of the discovery batch size, and a full comparison lists the target to count what the run did not
 * plan. The source is not called: the plan holds its records. The calls of each class take their
 * number divided by their rate; the classes are added up, since a run writes before it validates.
 */
final class Estimator {

    private final Execution execution;
    private final Validation validation;
    private final int batchSize;

    /**
     * @param execution the runbook's execution options, for its cap on the write rate
     * @param validation what validation compares
     * @param batchSize the keys validation reads back a page
     */
    Estimator(Execution execution, Validation validation, int batchSize) {
        this.execution = execution;
        this.validation = validation;
        this.batchSize = batchSize;
    }

    /**
     * @param plan the plan's counts
     * @param targetUri the target, without credentials
     * @param target what the target's calls cost
     * @return the estimate
     */
    Estimate estimate(PlanSummary plan, String targetUri, CallCosts target) {
        Map<String, Long> records = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            // Only a restore with --delete-extra plans deletions; other plans do not speak of them.
            if (action != Action.DELETE || plan.count(action) > 0) {
                records.put(action.name().toLowerCase(Locale.ROOT), plan.count(action));
            }
        }
        return new Estimate(records, List.of(target(plan, targetUri, target)));
    }

    private Estimate.StoreCalls target(PlanSummary plan, String uri, CallCosts costs) {
        long creates = plan.count(Action.CREATE);
        long updates = plan.count(Action.UPDATE);
        // A deletion counts as a write, and as the read that checks the secret is still what was planned.
        long deletes = plan.count(Action.DELETE);
        long writes = creates * costs.create().writes() + updates * costs.update().writes() + deletes;
        long reads = creates * costs.create().reads() + updates * costs.update().reads() + deletes;
        long compared = compared(plan);
        long batchReads = 0;
        CallCosts.BatchRead batch = costs.batchRead();
        if (batch.batched()) {
            long perPage = ceil(batchSize, batch.keysPerCall());
            batchReads = compared / batchSize * perPage + ceil(compared % batchSize, batch.keysPerCall());
            reads += compared * batch.readsPerKey();
        } else {
            reads += compared;
        }
        // The listing covers the whole target; what the plan holds of it is the least it reads.
        long lists = validation.compare() == Validation.Compare.FULL ? Math.max(1, ceil(held(plan), batchSize)) : 0;

        Pacing pacing = new Pacing();
        pacing.add(new Estimate.Pace(costs.store(), "writes", costs.writesPerSecond()), writes);
        pacing.add(new Estimate.Pace(Estimate.Pace.RUNBOOK, "writes", execution.writesPerSecond()), creates + updates + deletes);
        pacing.add(new Estimate.Pace(costs.store(), "reads", costs.readsPerSecond()), reads);
        pacing.add(new Estimate.Pace(costs.store(), "batch reads", batch.callsPerSecond()), batchReads);
        pacing.add(new Estimate.Pace(costs.store(), "lists", costs.listsPerSecond()), lists);
        return new Estimate.StoreCalls("target", uri, costs.store(), writes, reads, batchReads, lists, pacing.total(),
                pacing.slowest);
    }

    /** The records validation reads back: the written and unchanged ones, all of them or a sample. */
    private long compared(PlanSummary plan) {
        long held = held(plan);
        return switch (validation.compare()) {
            case FULL -> held;
            case SAMPLE -> (long) Math.ceil(held * validation.sampleFraction());
            case NONE -> 0;
        };
    }

    /** @return the records the target holds as planned once the run is applied */
    private static long held(PlanSummary plan) {
        return plan.count(Action.CREATE) + plan.count(Action.UPDATE) + plan.count(Action.UNCHANGED);
    }

    private static long ceil(long n, long per) {
        return (n + per - 1) / per;
    }

    /**
     * Adds up the time of each class of call at its rate. The runbook's cap and the store's write
     * rate pace the same writes, so only the slower of the two counts.
     */
    private static final class Pacing {
        private double writeSeconds;
        private double otherSeconds;
        private double slowestSeconds;
        private Estimate.Pace slowest;

        void add(Estimate.Pace pace, long calls) {
            if (pace.perSecond() <= 0 || calls == 0) {
                return;
            }
            double seconds = calls / pace.perSecond();
            if ("writes".equals(pace.calls())) {
                writeSeconds = Math.max(writeSeconds, seconds);
            } else {
                otherSeconds += seconds;
            }
            if (seconds > slowestSeconds) {
                slowestSeconds = seconds;
                slowest = pace;
            }
        }

        Duration total() {
            return Duration.ofMillis(Math.round((writeSeconds + otherSeconds) * 1000));
        }
    }
}
