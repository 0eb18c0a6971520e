package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_throughput} table of one run: samples of how many records each stage had handled. */
final class ThroughputDao {

    private final Database db;
    private final String runId;

    ThroughputDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    void insert(String stage, long done) {
        db.update("record the progress of run " + runId, "INSERT INTO ferry_throughput (run_id, at_ms, stage, done) VALUES (?, ?, ?, ?)",
                runId, System.currentTimeMillis(), stage, done);
    }

    List<RunTelemetry.Sample> all() {
        return db.list("read the progress of run " + runId, "SELECT at_ms, stage, done FROM ferry_throughput WHERE run_id = ? ORDER BY at_ms, "
                + db.dialect().insertionOrder(),
                rs -> new RunTelemetry.Sample(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getLong(3)), runId);
    }
}
