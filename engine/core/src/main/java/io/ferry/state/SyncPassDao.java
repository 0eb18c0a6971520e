package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_sync_passes} table: one row per pass of a sync, with the run that carried it out. */
final class SyncPassDao {

    private final Database db;
    private final String syncId;

    SyncPassDao(Database db, String syncId) {
        this.db = db;
        this.syncId = syncId;
    }

    void insert(long pass, String mode) {
        db.update("start a pass of sync " + syncId,
                "INSERT INTO ferry_sync_passes (sync_id, pass, mode, started_at, status) VALUES (?, ?, ?, ?, ?)",
                syncId, pass, mode, Instant.now(), PassStatus.RUNNING.label());
    }

    void mode(long pass, String mode) {
        db.update("record the mode of a pass", "UPDATE ferry_sync_passes SET mode = ? WHERE sync_id = ? AND pass = ?",
                mode, syncId, pass);
    }

    void finish(long pass, String runId, long changed, long deleted, PassStatus status, String error) {
        db.update("finish a pass of sync " + syncId, """
                UPDATE ferry_sync_passes SET run_id = ?, changed = ?, deleted = ?, status = ?, error = ?, finished_at = ?
                WHERE sync_id = ? AND pass = ?""", runId, changed, deleted, status.label(), error, Instant.now(), syncId, pass);
    }

    List<SyncJournal.Pass> all() {
        return db.list("read the passes of sync " + syncId, "SELECT * FROM ferry_sync_passes WHERE sync_id = ? ORDER BY pass",
                rs -> new SyncJournal.Pass(rs.getLong("pass"), rs.getString("run_id"), rs.getString("mode"),
                        Instant.parse(rs.getString("started_at")), RunDao.instant(rs.getString("finished_at")),
                        rs.getLong("changed"), rs.getLong("deleted"), PassStatus.ofStored(rs.getString("status")),
                        rs.getString("error")), syncId);
    }
}
