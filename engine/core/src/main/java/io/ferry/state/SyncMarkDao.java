package io.ferry.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ferry_sync_marks} table: per source key of a sync, the marker last copied, the target
 * key it went to, and the last pass that listed it.
 */
final class SyncMarkDao {

    private static final String COLUMNS = "source_key, marker, target_key";

    private final Database db;
    private final String syncId;

    SyncMarkDao(Database db, String syncId) {
        this.db = db;
        this.syncId = syncId;
    }

    /** @return source key to the marker copied, for those of the keys that have a mark */
    Map<String, String> markers(Collection<String> sourceKeys) {
        Map<String, String> known = new HashMap<>();
        for (SyncJournal.Mark m : db.list("read the marks of sync " + syncId, "SELECT " + COLUMNS
                + " FROM ferry_sync_marks WHERE sync_id = ? AND source_key IN (" + Database.marks(sourceKeys) + ")",
                SyncMarkDao::map, syncId, sourceKeys)) {
            known.put(m.sourceKey(), m.marker());
        }
        return known;
    }

    void seen(Collection<String> sourceKeys, long pass) {
        List<Object[]> rows = new ArrayList<>(sourceKeys.size());
        for (String k : sourceKeys) {
            rows.add(new Object[] {syncId, k, pass});
        }
        db.batch("note the keys a pass listed", """
                INSERT INTO ferry_sync_marks (sync_id, source_key, marker, target_key, seen_pass) VALUES (?, ?, NULL, NULL, ?)
                ON CONFLICT (sync_id, source_key) DO UPDATE SET seen_pass = excluded.seen_pass""", rows);
    }

    List<SyncJournal.Mark> unseen(long pass, int limit) {
        return db.list("read the unseen keys of sync " + syncId, "SELECT " + COLUMNS
                + " FROM ferry_sync_marks WHERE sync_id = ? AND seen_pass < ? ORDER BY source_key LIMIT ?",
                SyncMarkDao::map, syncId, pass, limit);
    }

    Optional<SyncJournal.Mark> find(String sourceKey) {
        return db.first("read a mark of sync " + syncId, "SELECT " + COLUMNS
                + " FROM ferry_sync_marks WHERE sync_id = ? AND source_key = ?", SyncMarkDao::map, syncId, sourceKey);
    }

    List<SyncJournal.Mark> copied(String afterSourceKey, int limit) {
        return db.list("read the marks of sync " + syncId, "SELECT " + COLUMNS + " FROM ferry_sync_marks "
                + "WHERE sync_id = ? AND target_key IS NOT NULL AND source_key > ? ORDER BY source_key LIMIT ?",
                SyncMarkDao::map, syncId, afterSourceKey, limit);
    }

    void settle(Collection<SyncJournal.Mark> marks, long pass) {
        List<Object[]> rows = new ArrayList<>(marks.size());
        for (SyncJournal.Mark m : marks) {
            rows.add(new Object[] {syncId, m.sourceKey(), m.marker(), m.targetKey(), pass});
        }
        db.batch("record what a pass copied", """
                INSERT INTO ferry_sync_marks (sync_id, source_key, marker, target_key, seen_pass) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sync_id, source_key) DO UPDATE SET marker = excluded.marker, target_key = excluded.target_key,
                  seen_pass = """ + db.dialect().greatest("ferry_sync_marks.seen_pass", "excluded.seen_pass"), rows);
    }

    void forget(String sourceKey) {
        db.update("forget a key of sync " + syncId, "DELETE FROM ferry_sync_marks WHERE sync_id = ? AND source_key = ?",
                syncId, sourceKey);
    }

    private static SyncJournal.Mark map(ResultSet rs) throws SQLException {
        return new SyncJournal.Mark(rs.getString(1), rs.getString(2), rs.getString(3));
    }
}
