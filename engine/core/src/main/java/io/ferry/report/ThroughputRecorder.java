package io.ferry.report;

import io.ferry.run.ProgressListener;
import io.ferry.state.RunTelemetry;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes progress on, and keeps a sample of it in the run's telemetry: when a stage starts and ends,
 * and at most once a second in between, so that the report can chart throughput over time without
 * the journal growing with every batch.
 */
public final class ThroughputRecorder implements ProgressListener {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final ProgressListener next;
    private final RunTelemetry telemetry;
    private final Map<String, Long> lastSampled = new HashMap<>();

    /**
     * @param next hears every event as well
     * @param telemetry where samples go
     */
    public ThroughputRecorder(ProgressListener next, RunTelemetry telemetry) {
        this.next = next;
        this.telemetry = telemetry;
    }

    @Override
    public void started(String stage, long total) {
        next.started(stage, total);
        telemetry.sample(stage, 0);
        lastSampled.put(stage, System.nanoTime());
    }

    @Override
    public void progress(String stage, long done, long total) {
        next.progress(stage, done, total);
        long now = System.nanoTime();
        Long last = lastSampled.get(stage);
        if (last == null || now - last >= INTERVAL_NANOS) {
            telemetry.sample(stage, done);
            lastSampled.put(stage, now);
        }
    }

    @Override
    public void finished(String stage, long done) {
        next.finished(stage, done);
        telemetry.sample(stage, done);
        lastSampled.remove(stage);
    }
}
