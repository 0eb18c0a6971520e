package io.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a run went over time, for its report and metrics: samples of how many records each stage had
 * handled, each pass of a stage with its records and times, how each store paced the run's calls,
 * and the retries and throttled attempts its writes needed. Kept beside the journal so that a run
 * resumed in another process has one history. Obtained from {@link RunJournal#telemetry()}.
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

    /**
     * One pass of a stage: a stage resumed after an interruption has several.
     *
     * @param stage the stage
     * @param started when the pass began
     * @param finished when it ended
     * @param records records it handled
     */
    public record StagePass(String stage, Instant started, Instant finished, long records) {
    }

    /**
     * How one class of call to one store was paced, over the run so far.
     *
     * @param role {@code source} or {@code target}
     * @param store the store's URI, without credentials
     * @param limiter the limiter's name
     * @param operation the class of call ({@code READ}, {@code WRITE}, {@code LIST})
     * @param limitedBy what set its pace last ({@code QUOTA}, {@code ADAPTIVE}, {@code CAP}, {@code UNPACED})
     * @param calls calls made, retries included
     * @param throttled answers refusing a call for its rate
     * @param waited time callers were held by the limiter, over every thread
     * @param pace the calls a second it allowed last
     * @param peakPace the most calls a second it allowed
     */
    public record StorePace(String role, String store, String limiter, String operation, String limitedBy, long calls,
                            long throttled, Duration waited, double pace, double peakPace) {
    }

    private final ThroughputDao throughput;
    private final RunCounterDao counters;
    private final StagePassDao passes;
    private final StorePaceDao paces;

    RunTelemetry(Database db, String runId) {
        this.throughput = new ThroughputDao(db, runId);
        this.counters = new RunCounterDao(db, runId);
        this.passes = new StagePassDao(db, runId);
        this.paces = new StorePaceDao(db, runId);
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

    /** @param pass a pass of a stage that has ended */
    public void stagePass(StagePass pass) {
        passes.insert(pass);
    }

    /** @return the passes of the run's stages, earliest first */
    public List<StagePass> stagePasses() {
        return passes.all();
    }

    /**
     * Adds what one class of call to a store met since it was last recorded: its calls, throttled
     * answers and waits are added to the run's, its pace replaces the last, its peak is kept when higher.
     *
     * @param pace the figures since the last record
     */
    public void addPace(StorePace pace) {
        paces.add(pace);
    }

    /** @return how each class of call to each store was paced, by role, limiter and class */
    public List<StorePace> storePaces() {
        return paces.all();
    }
}
