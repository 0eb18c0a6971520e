package io.ferry.report;

import io.ferry.run.ProgressListener;
import io.ferry.run.StorePace;
import io.ferry.spi.pacing.PaceReading;
import io.ferry.state.RunTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes progress on, and keeps what the report needs of it in the run's telemetry: a sample when a
 * stage starts and ends, and at most once a second in between, so that the report can chart
 * throughput over time without the journal growing with every batch; each pass of a stage with its
 * times and records; and, when a stage ends, what each paced store's calls met during it.
 */
public final class ThroughputRecorder implements ProgressListener {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final ProgressListener next;
    private final RunTelemetry telemetry;
    private final Map<String, Long> lastSampled = new HashMap<>();
    private final Map<String, Instant> startedAt = new HashMap<>();
    /** The lanes as last recorded, by role, limiter and class, so that each stage adds only what is new. */
    private final Map<String, PaceReading.Lane> recorded = new HashMap<>();
    private List<StorePace> latest = List.of();

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
        startedAt.put(stage, Instant.now());
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
        Instant began = startedAt.remove(stage);
        if (began != null) {
            telemetry.stagePass(new RunTelemetry.StagePass(stage, began, Instant.now(), done));
        }
        recordPace();
    }

    @Override
    public void paced(List<StorePace> stores) {
        latest = stores;
        next.paced(stores);
    }

    private void recordPace() {
        for (StorePace store : latest) {
            for (PaceReading limiter : store.limiters()) {
                for (PaceReading.Lane lane : limiter.lanes()) {
                    String key = store.role() + '\n' + limiter.limiter() + '\n' + lane.operation();
                    PaceReading.Lane before = recorded.get(key);
                    long calls = lane.calls() - (before == null ? 0 : before.calls());
                    if (calls <= 0) {
                        continue;
                    }
                    telemetry.addPace(new RunTelemetry.StorePace(store.role(), store.store(), limiter.limiter(),
                            lane.operation().name(), lane.limit().name(), calls,
                            lane.throttled() - (before == null ? 0 : before.throttled()),
                            lane.waited().minus(before == null ? Duration.ZERO : before.waited()), lane.pace(), lane.peakPace()));
                    recorded.put(key, lane);
                }
            }
        }
    }
}
