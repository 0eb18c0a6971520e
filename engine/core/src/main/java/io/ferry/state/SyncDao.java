package io.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The {@code ferry_syncs} table: one row per continuous sync, with its settings and cursor. */
final class SyncDao {

    private final Database db;

    SyncDao(Database db) {
        this.db = db;
    }

    void insert(String id, String runbookPath, String runbookName, Duration every, boolean propagateDeletes, String actor) {
        Instant now = Instant.now();
        db.update("record the new sync " + id, """
                INSERT INTO ferry_syncs (id, runbook_path, runbook_name, every_seconds, propagate_deletes, paused, passes,
                  process_id, actor, started_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)""",
                id, runbookPath, runbookName, every.toSeconds(), propagateDeletes, ProcessHandle.current().pid(), actor, now, now);
    }

    Optional<SyncJournal.Sync> find(String id) {
        return db.first("read sync " + id, "SELECT * FROM ferry_syncs WHERE id = ?", rs -> new SyncJournal.Sync(
                rs.getString("id"), rs.getString("runbook_path"), rs.getString("runbook_name"),
                Duration.ofSeconds(rs.getLong("every_seconds")), rs.getInt("propagate_deletes") == 1,
                rs.getInt("paused") == 1, rs.getString("cursor"), rs.getLong("passes"), rs.getLong("process_id"),
                rs.getString("actor"), Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("updated_at"))), id);
    }

    void paused(String id, boolean paused) {
        db.update("pause sync " + id, "UPDATE ferry_syncs SET paused = ?, updated_at = ? WHERE id = ?", paused, Instant.now(), id);
    }

    void takeOver(String id, Duration every, boolean propagateDeletes) {
        db.update("take over sync " + id, """
                UPDATE ferry_syncs SET process_id = ?, every_seconds = ?, propagate_deletes = ?, updated_at = ? WHERE id = ?""",
                ProcessHandle.current().pid(), every.toSeconds(), propagateDeletes, Instant.now(), id);
    }

    void cursor(String id, String cursor) {
        db.update("keep the cursor of sync " + id, "UPDATE ferry_syncs SET cursor = ?, updated_at = ? WHERE id = ?",
                cursor, Instant.now(), id);
    }

    /** @return the number of the pass counted now */
    long countPass(String id) {
        db.update("start a pass of sync " + id, "UPDATE ferry_syncs SET passes = passes + 1, updated_at = ? WHERE id = ?",
                Instant.now(), id);
        return db.number("start a pass of sync " + id, "SELECT passes FROM ferry_syncs WHERE id = ?", id);
    }
}
