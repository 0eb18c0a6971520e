package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_stage_passes} table of one run: each pass of a stage, with its times and records. */
final class StagePassDao {

    private final Database db;
    private final String runId;

    StagePassDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    void insert(RunTelemetry.StagePass pass) {
        db.update("record a stage of run " + runId,
                "INSERT INTO ferry_stage_passes (run_id, stage, started_ms, finished_ms, records) VALUES (?, ?, ?, ?, ?)",
                runId, pass.stage(), pass.started().toEpochMilli(), pass.finished().toEpochMilli(), pass.records());
    }

    List<RunTelemetry.StagePass> all() {
        return db.list("read the stages of run " + runId, "SELECT stage, started_ms, finished_ms, records FROM ferry_stage_passes"
                + " WHERE run_id = ? ORDER BY started_ms, " + db.dialect().insertionOrder(),
                rs -> new RunTelemetry.StagePass(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4)), runId);
    }
}
