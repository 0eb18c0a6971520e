package io.ferry.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run went over time, for its report and metrics: samples of how many records each stage had
 * handled, and the retries and throttled attempts its writes needed. Kept beside the journal so
 * that a run resumed in another process has one history.
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

    private final Sql sql;
    private final String runId;

    /**
     * @param store the state store
     * @param runId the run
     */
    public RunTelemetry(StateStore store, String runId) {
        this.sql = new Sql(store);
        this.runId = runId;
    }

    /**
     * @param journal a run's journal
     * @return the run's telemetry
     */
    public static RunTelemetry of(RunJournal journal) {
        return new RunTelemetry(journal.store(), journal.runId());
    }

    /**
     * @param stage a stage
     * @param done records it has handled
     */
    public void sample(String stage, long done) {
        sql.update("record the progress of run " + runId, "INSERT INTO ferry_throughput (run_id, at_ms, stage, done) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, runId);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, stage);
            ps.setLong(4, done);
        });
    }

    /** @return the samples, oldest first */
    public List<Sample> samples() {
        return sql.query("read the progress of run " + runId,
                "SELECT at_ms, stage, done FROM ferry_throughput WHERE run_id = ? ORDER BY at_ms, rowid", ps -> ps.setString(1, runId), rs -> {
                    List<Sample> samples = new ArrayList<>();
                    while (rs.next()) {
                        samples.add(new Sample(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getLong(3)));
                    }
                    return samples;
                });
    }

    /**
     * @param retries retries to add
     * @param throttles throttled attempts to add
     */
    public void add(long retries, long throttles) {
        sql.update("count the retries of run " + runId, """
                INSERT INTO ferry_run_counters (run_id, retries, throttles) VALUES (?, ?, ?)
                ON CONFLICT (run_id) DO UPDATE SET retries = retries + excluded.retries, throttles = throttles + excluded.throttles""", ps -> {
                    ps.setString(1, runId);
                    ps.setLong(2, retries);
                    ps.setLong(3, throttles);
                });
    }

    /** @return the retries and throttled attempts so far */
    public Counts counts() {
        return sql.query("read the retries of run " + runId, "SELECT retries, throttles FROM ferry_run_counters WHERE run_id = ?",
                ps -> ps.setString(1, runId), rs -> rs.next() ? new Counts(rs.getLong(1), rs.getLong(2)) : new Counts(0, 0));
    }
}
