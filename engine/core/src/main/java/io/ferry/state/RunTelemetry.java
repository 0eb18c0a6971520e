package io.ferry.state;

import java.time.Instant;
import java.util.List;

/**
 * How a run went over time, for its report and metrics: samples of how many records each stage had
 * handled, and the retries and throttled attempts its writes needed. Kept beside the journal so
 * that a run resumed in another process has one history. Obtained from {@link RunJournal#telemetry()}.
 */
public final class RunTelemetry {

    /**
     * How far a stage had got at one moment.
     *
     * @param at when
     * @param stage the stage
     * @param done records it had handled
     */
    public record Sample(Instant at, String stage, long done) {
    }

    /**
     * @param retries write attempts after the first
     * @param throttles attempts the store refused as throttled
     */
    public record Counts(long retries, long throttles) {
    }

    private final ThroughputDao throughput;
    private final RunCounterDao counters;

    RunTelemetry(Database db, String runId) {
        this.throughput = new ThroughputDao(db, runId);
        this.counters = new RunCounterDao(db, runId);
    }

    /**
     * @param stage a stage
     * @param done records it has handled
     */
    public void sample(String stage, long done) {
        throughput.insert(stage, done);
    }

    /** @return the samples, oldest first */
    public List<Sample> samples() {
        return throughput.all();
    }

    /**
     * @param retries retries to add
     * @param throttles throttled attempts to add
     */
    public void add(long retries, long throttles) {
        counters.add(retries, throttles);
    }

    /** @return the retries and throttled attempts so far */
    public Counts counts() {
        return counters.get();
    }
}
