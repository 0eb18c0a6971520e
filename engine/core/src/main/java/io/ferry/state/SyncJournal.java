package io.ferry.state;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The journal of one continuous sync: its settings, whether it is paused, the change-feed cursor, one
 * row per pass (with the run that carried it out), and per source key the marker (version or update
 * time) last copied and the target key it was copied to, so that the next pass copies only what
 * changed and a deletion in the source can be carried to the right target key.
 */
public final class SyncJournal {

    /**
     * A sync as journaled.
     *
     * @param id the sync's id
     * @param runbookPath the runbook it follows
     * @param runbookName the runbook's name
     * @param every the wait between passes
     * @param propagateDeletes whether deletions in the source are carried to the target
     * @param paused whether passes are held
     * @param cursor the change-feed cursor, or null
     * @param passes passes started so far
     * @param processId the process that runs it
     * @param actor who started it
     * @param startedAt when it started
     * @param updatedAt the last journal write
     */
    public record Sync(String id, String runbookPath, String runbookName, Duration every, boolean propagateDeletes,
                       boolean paused, String cursor, long passes, long processId, String actor, Instant startedAt,
                       Instant updatedAt) {
    }

    /**
     * One pass.
     *
     * @param pass its number, from 1
     * @param runId the run that copied its changes, or null when nothing changed
     * @param mode {@code changes} (from the change feed) or {@code compare} (by version and update time)
     * @param startedAt when it started
     * @param finishedAt when it ended, or null
     * @param changed source records found changed
     * @param deleted target records deleted because the source deleted them
     * @param status {@code running}, {@code done}, {@code failed} or {@code interrupted}
     * @param error why it failed, or null
     */
    public record Pass(long pass, String runId, String mode, Instant startedAt, Instant finishedAt, long changed,
                       long deleted, String status, String error) {
    }

    /**
     * What the last pass copied from one source key.
     *
     * @param sourceKey the source key
     * @param marker its version or update time when copied, or null when unknown
     * @param targetKey where it went
     */
    public record Mark(String sourceKey, String marker, String targetKey) {
    }

    private final Sql sql;
    private final String id;

    private SyncJournal(Sql sql, String id) {
        this.sql = sql;
        this.id = id;
    }

    /**
     * Journals a new sync.
     *
     * @param store the state store
     * @param id its id
     * @param runbookPath the runbook file
     * @param runbookName the runbook's name
     * @param every the wait between passes
     * @param propagateDeletes whether deletions are carried over
     * @param actor who starts it
     * @return its journal
     */
    public static SyncJournal create(StateStore store, String id, String runbookPath, String runbookName, Duration every,
                                     boolean propagateDeletes, String actor) {
        Sql sql = new Sql(store);
        String now = Instant.now().toString();
        sql.update("record the new sync " + id, """
                INSERT INTO ferry_syncs (id, runbook_path, runbook_name, every_seconds, propagate_deletes, paused, passes,
                  process_id, actor, started_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)""", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, runbookPath);
                    ps.setString(3, runbookName);
                    ps.setLong(4, every.toSeconds());
                    ps.setInt(5, propagateDeletes ? 1 : 0);
                    ps.setLong(6, ProcessHandle.current().pid());
                    ps.setString(7, actor);
                    ps.setString(8, now);
                    ps.setString(9, now);
                });
        return new SyncJournal(sql, id);
    }

    /**
     * @param store the state store
     * @param idOrPrefix a sync id or a unique prefix of one
     * @return its journal, or empty when there is no such sync
     * @throws StateException when the prefix is ambiguous
     */
    public static Optional<SyncJournal> find(StateStore store, String idOrPrefix) {
        Sql sql = new Sql(store);
        List<String> ids = sql.query("look up sync " + idOrPrefix,
                "SELECT id FROM ferry_syncs WHERE id = ? OR substr(id, 1, length(?)) = ? ORDER BY started_at LIMIT 3", ps -> {
                    ps.setString(1, idOrPrefix);
                    ps.setString(2, idOrPrefix);
                    ps.setString(3, idOrPrefix);
                }, rs -> {
                    List<String> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                    return found;
                });
        if (ids.contains(idOrPrefix)) {
            return Optional.of(new SyncJournal(sql, idOrPrefix));
        }
        if (ids.size() > 1) {
            throw new StateException("sync id '" + idOrPrefix + "' is ambiguous (" + String.join(", ", ids) + "); give more of it");
        }
        return ids.isEmpty() ? Optional.empty() : Optional.of(new SyncJournal(sql, ids.get(0)));
    }

    /** @return the sync's id */
    public String id() {
        return id;
    }

    /** @return the sync as journaled now */
    public Sync record() {
        return sql.query("read sync " + id, "SELECT * FROM ferry_syncs WHERE id = ?", ps -> ps.setString(1, id), rs -> {
            if (!rs.next()) {
                throw new StateException("sync " + id + " disappeared from " + sql.store().file());
            }
            return new Sync(rs.getString("id"), rs.getString("runbook_path"), rs.getString("runbook_name"),
                    Duration.ofSeconds(rs.getLong("every_seconds")), rs.getInt("propagate_deletes") == 1,
                    rs.getInt("paused") == 1, rs.getString("cursor"), rs.getLong("passes"), rs.getLong("process_id"),
                    rs.getString("actor"), Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("updated_at")));
        });
    }

    /** @param paused hold passes, or let them go on */
    public void paused(boolean paused) {
        sql.update("pause sync " + id, "UPDATE ferry_syncs SET paused = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setInt(1, paused ? 1 : 0);
            ps.setString(2, Instant.now().toString());
            ps.setString(3, id);
        });
    }

    /**
     * Records that this process now runs the sync, with these settings.
     *
     * @param every the wait between passes
     * @param propagateDeletes whether deletions are carried over
     */
    public void takeOver(Duration every, boolean propagateDeletes) {
        sql.update("take over sync " + id, """
                UPDATE ferry_syncs SET process_id = ?, every_seconds = ?, propagate_deletes = ?, updated_at = ? WHERE id = ?""", ps -> {
                    ps.setLong(1, ProcessHandle.current().pid());
                    ps.setLong(2, every.toSeconds());
                    ps.setInt(3, propagateDeletes ? 1 : 0);
                    ps.setString(4, Instant.now().toString());
                    ps.setString(5, id);
                });
    }

    /** @param cursor the change-feed cursor the next pass starts from, or null to compare everything */
    public void cursor(String cursor) {
        sql.update("keep the cursor of sync " + id, "UPDATE ferry_syncs SET cursor = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, cursor);
            ps.setString(2, Instant.now().toString());
            ps.setString(3, id);
        });
    }

    /**
     * Starts the next pass.
     *
     * @param mode {@code changes} or {@code compare}
     * @return its number
     */
    public long beginPass(String mode) {
        long[] pass = {0};
        sql.inTransaction("start a pass of sync " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ferry_syncs SET passes = passes + 1, updated_at = ? WHERE id = ?")) {
                ps.setString(1, Instant.now().toString());
                ps.setString(2, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT passes FROM ferry_syncs WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    pass[0] = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ferry_sync_passes (sync_id, pass, mode, started_at, status) VALUES (?, ?, ?, ?, 'running')""")) {
                ps.setString(1, id);
                ps.setLong(2, pass[0]);
                ps.setString(3, mode);
                ps.setString(4, Instant.now().toString());
                ps.executeUpdate();
            }
        });
        return pass[0];
    }

    /**
     * @param pass the pass
     * @param mode how it found changes, which may have changed since it began (an expired cursor)
     */
    public void passMode(long pass, String mode) {
        sql.update("record the mode of a pass", "UPDATE ferry_sync_passes SET mode = ? WHERE sync_id = ? AND pass = ?", ps -> {
            ps.setString(1, mode);
            ps.setString(2, id);
            ps.setLong(3, pass);
        });
    }

    /**
     * @param pass the pass
     * @param runId the run that copied its changes, or null
     * @param changed records found changed
     * @param deleted target records deleted
     * @param status {@code done}, {@code failed} or {@code interrupted}
     * @param error why it failed, or null
     */
    public void finishPass(long pass, String runId, long changed, long deleted, String status, String error) {
        sql.update("finish a pass of sync " + id, """
                UPDATE ferry_sync_passes SET run_id = ?, changed = ?, deleted = ?, status = ?, error = ?, finished_at = ?
                WHERE sync_id = ? AND pass = ?""", ps -> {
                    ps.setString(1, runId);
                    ps.setLong(2, changed);
                    ps.setLong(3, deleted);
                    ps.setString(4, status);
                    ps.setString(5, error);
                    ps.setString(6, Instant.now().toString());
                    ps.setString(7, id);
                    ps.setLong(8, pass);
                });
    }

    /** @return every pass, oldest first */
    public List<Pass> passes() {
        return sql.query("read the passes of sync " + id, "SELECT * FROM ferry_sync_passes WHERE sync_id = ? ORDER BY pass",
                ps -> ps.setString(1, id), rs -> {
                    List<Pass> passes = new ArrayList<>();
                    while (rs.next()) {
                        String finished = rs.getString("finished_at");
                        passes.add(new Pass(rs.getLong("pass"), rs.getString("run_id"), rs.getString("mode"),
                                Instant.parse(rs.getString("started_at")), finished == null ? null : Instant.parse(finished),
                                rs.getLong("changed"), rs.getLong("deleted"), rs.getString("status"), rs.getString("error")));
                    }
                    return passes;
                });
    }

    /**
     * Notes that a pass listed these source keys, and tells which changed since they were copied.
     *
     * @param markers source key to its current marker (null when the store gives neither version nor time)
     * @param pass the pass
     * @return the keys whose marker differs from the one copied, or that were never copied
     */
    public List<String> seen(Map<String, String> markers, long pass) {
        if (markers.isEmpty()) {
            return List.of();
        }
        Map<String, String> known = new HashMap<>();
        String marks = markers.keySet().stream().map(k -> "?").collect(Collectors.joining(", "));
        sql.query("read the marks of sync " + id,
                "SELECT source_key, marker FROM ferry_sync_marks WHERE sync_id = ? AND source_key IN (" + marks + ")", ps -> {
                    ps.setString(1, id);
                    int i = 2;
                    for (String k : markers.keySet()) {
                        ps.setString(i++, k);
                    }
                }, rs -> {
                    while (rs.next()) {
                        known.put(rs.getString(1), rs.getString(2));
                    }
                    return null;
                });
        sql.inTransaction("note the keys a pass listed", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ferry_sync_marks (sync_id, source_key, marker, target_key, seen_pass) VALUES (?, ?, NULL, NULL, ?)
                    ON CONFLICT (sync_id, source_key) DO UPDATE SET seen_pass = excluded.seen_pass""")) {
                for (String k : markers.keySet()) {
                    ps.setString(1, id);
                    ps.setString(2, k);
                    ps.setLong(3, pass);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        List<String> changed = new ArrayList<>();
        markers.forEach((k, marker) -> {
            if (marker == null || !marker.equals(known.get(k))) {
                changed.add(k);
            }
        });
        return changed;
    }

    /**
     * @param pass a pass that listed the whole source
     * @param limit the most wanted
     * @return marks of source keys that pass did not list: deleted from the source
     */
    public List<Mark> unseen(long pass, int limit) {
        return sql.query("read the unseen keys of sync " + id, """
                SELECT source_key, marker, target_key FROM ferry_sync_marks WHERE sync_id = ? AND seen_pass < ?
                ORDER BY source_key LIMIT ?""", ps -> {
                    ps.setString(1, id);
                    ps.setLong(2, pass);
                    ps.setInt(3, limit);
                }, rs -> {
                    List<Mark> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(new Mark(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                    return found;
                });
    }

    /**
     * @param sourceKey a source key
     * @return what was copied from it, if anything
     */
    public Optional<Mark> mark(String sourceKey) {
        return sql.query("read a mark of sync " + id,
                "SELECT source_key, marker, target_key FROM ferry_sync_marks WHERE sync_id = ? AND source_key = ?", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, sourceKey);
                }, rs -> rs.next() ? Optional.of(new Mark(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty());
    }

    /**
     * @param afterSourceKey only marks after this key; empty for the first page
     * @param limit the most wanted
     * @return marks of copied records, in source key order
     */
    public List<Mark> copied(String afterSourceKey, int limit) {
        return sql.query("read the marks of sync " + id, """
                SELECT source_key, marker, target_key FROM ferry_sync_marks
                WHERE sync_id = ? AND target_key IS NOT NULL AND source_key > ? ORDER BY source_key LIMIT ?""", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, afterSourceKey);
                    ps.setInt(3, limit);
                }, rs -> {
                    List<Mark> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(new Mark(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                    return found;
                });
    }

    /**
     * Records what a pass copied.
     *
     * @param marks the source keys settled, with their markers and target keys
     * @param pass the pass
     */
    public void settle(Collection<Mark> marks, long pass) {
        if (marks.isEmpty()) {
            return;
        }
        sql.inTransaction("record what a pass copied", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ferry_sync_marks (sync_id, source_key, marker, target_key, seen_pass) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (sync_id, source_key) DO UPDATE SET marker = excluded.marker, target_key = excluded.target_key,
                      seen_pass = max(seen_pass, excluded.seen_pass)""")) {
                for (Mark m : marks) {
                    ps.setString(1, id);
                    ps.setString(2, m.sourceKey());
                    ps.setString(3, m.marker());
                    ps.setString(4, m.targetKey());
                    ps.setLong(5, pass);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** @param sourceKey a source key whose secret is gone, to forget */
    public void forget(String sourceKey) {
        sql.update("forget a key of sync " + id, "DELETE FROM ferry_sync_marks WHERE sync_id = ? AND source_key = ?", ps -> {
            ps.setString(1, id);
            ps.setString(2, sourceKey);
        });
    }
}
