package io.ferry.state;

import java.time.Duration;
import java.util.List;

/**
 * The {@code ferry_store_pace} table of one run: per store and class of call, the calls, throttled
 * answers and waits of every pass added up, the pace it ended at and the highest it reached.
 */
final class StorePaceDao {

    private final Database db;
    private final String runId;

    StorePaceDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    void add(RunTelemetry.StorePace pace) {
        db.update("record the pace of a store of run " + runId, """
                INSERT INTO ferry_store_pace (run_id, role, store, limiter, operation, limited_by, calls, throttled, waited_ms,
                  pace, peak_pace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, role, limiter, operation) DO UPDATE SET store = excluded.store,
                  limited_by = excluded.limited_by, calls = ferry_store_pace.calls + excluded.calls,
                  throttled = ferry_store_pace.throttled + excluded.throttled,
                  waited_ms = ferry_store_pace.waited_ms + excluded.waited_ms, pace = excluded.pace,
                  peak_pace = CASE WHEN excluded.peak_pace > ferry_store_pace.peak_pace THEN excluded.peak_pace
                    ELSE ferry_store_pace.peak_pace END""",
                runId, pace.role(), pace.store(), pace.limiter(), pace.operation(), pace.limitedBy(), pace.calls(),
                pace.throttled(), pace.waited().toMillis(), pace.pace(), pace.peakPace());
    }

    List<RunTelemetry.StorePace> all() {
        return db.list("read the pace of the stores of run " + runId, "SELECT role, store, limiter, operation, limited_by, calls,"
                + " throttled, waited_ms, pace, peak_pace FROM ferry_store_pace WHERE run_id = ? ORDER BY role, limiter, operation",
                rs -> new RunTelemetry.StorePace(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), Duration.ofMillis(rs.getLong(8)), rs.getDouble(9), rs.getDouble(10)), runId);
    }
}
