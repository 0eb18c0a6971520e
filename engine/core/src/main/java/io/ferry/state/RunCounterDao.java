package io.ferry.state;

/** The {@code ferry_run_counters} table of one run: the retries and throttled attempts its writes needed. */
final class RunCounterDao {

    private final Database db;
    private final String runId;

    RunCounterDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    void add(long retries, long throttles) {
        db.update("count the retries of run " + runId, """
                INSERT INTO ferry_run_counters (run_id, retries, throttles) VALUES (?, ?, ?)
                ON CONFLICT (run_id) DO UPDATE SET retries = ferry_run_counters.retries + excluded.retries,
                  throttles = ferry_run_counters.throttles + excluded.throttles""", runId, retries, throttles);
    }

    RunTelemetry.Counts get() {
        return db.first("read the retries of run " + runId, "SELECT retries, throttles FROM ferry_run_counters WHERE run_id = ?",
                rs -> new RunTelemetry.Counts(rs.getLong(1), rs.getLong(2)), runId).orElse(new RunTelemetry.Counts(0, 0));
    }
}
