package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_steps} table of one run: each procedure step's status and attempts. */
final class StepDao {

    private final Database db;
    private final String runId;

    StepDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    List<StepRecord> all() {
        return db.list("read the step journal of run " + runId, "SELECT * FROM ferry_steps WHERE run_id = ? ORDER BY seq",
                rs -> new StepRecord(rs.getString("scope"), rs.getString("step"), rs.getLong("seq"), rs.getInt("batch"),
                        rs.getString("item_key"), StepStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                        RunDao.instant(rs.getString("started_at")), RunDao.instant(rs.getString("finished_at")),
                        rs.getString("error")), runId);
    }

    /** Records a start: a new step numbered after the others, or one more attempt of a known one. */
    void started(String scope, String step, int batch, String itemKey) {
        db.update("write the step journal of run " + runId, """
                INSERT INTO ferry_steps (run_id, scope, step, seq, batch, item_key, status, attempts, started_at)
                VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM ferry_steps WHERE run_id = ?), ?, ?, ?, 1, ?)
                ON CONFLICT (run_id, scope, step) DO UPDATE SET status = excluded.status, attempts = ferry_steps.attempts + 1,
                  started_at = excluded.started_at, finished_at = NULL, error = NULL""",
                runId, scope, step, runId, batch, itemKey, StepStatus.STARTED, Instant.now());
    }

    void finished(String scope, String step, StepStatus status, String error) {
        db.update("write the step journal of run " + runId,
                "UPDATE ferry_steps SET status = ?, finished_at = ?, error = ? WHERE run_id = ? AND scope = ? AND step = ?",
                status, Instant.now(), error, runId, scope, step);
    }
}
