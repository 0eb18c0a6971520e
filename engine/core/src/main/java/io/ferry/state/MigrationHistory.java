package io.ferry.state;

import java.time.Instant;
import java.util.List;

/**
 * The history of versioned runbooks in a state store: the {@code ferry_migration_history} table,
 * one row per runbook run, baseline or repair. Obtained from {@link StateStore#migrationHistory()}.
 */
public final class MigrationHistory {

    private final Database db;

    MigrationHistory(Database db) {
        this.db = db;
    }

    /** @return every row, in installed rank */
    public List<AppliedRunbook> all() {
        return db.list("read the runbook history", "SELECT * FROM ferry_migration_history ORDER BY installed_rank",
                rs -> new AppliedRunbook(rs.getInt("installed_rank"), rs.getString("version"),
                        rs.getString("description"), rs.getString("type"), rs.getString("script"),
                        rs.getString("checksum"), rs.getString("installed_by"), Instant.parse(rs.getString("installed_on")),
                        rs.getLong("execution_time"), rs.getInt("success") == 1, rs.getString("run_id")));
    }

    /**
     * Appends a row; its installed rank is the next free one.
     *
     * @param row the row, whose rank is ignored
     * @return the row as stored
     */
    public AppliedRunbook append(AppliedRunbook row) {
        int rank = (int) db.number("record " + row.script() + " in the runbook history", """
                INSERT INTO ferry_migration_history (installed_rank, version, description, type, script, checksum,
                  installed_by, installed_on, execution_time, success, run_id)
                VALUES ((SELECT coalesce(max(installed_rank), 0) + 1 FROM ferry_migration_history), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING installed_rank""", row.version(), row.description(), row.type(), row.script(), row.checksum(),
                row.installedBy(), row.installedOn(), row.executionTimeMillis(), row.success(), row.runId());
        return new AppliedRunbook(rank, row.version(), row.description(), row.type(), row.script(),
                row.checksum(), row.installedBy(), row.installedOn(), row.executionTimeMillis(), row.success(), row.runId());
    }

    /**
     * Marks a failed row as applied: its run was resumed and finished after the row was recorded.
     *
     * @param installedRank the row
     */
    public void markSucceeded(int installedRank) {
        db.update("mark row " + installedRank + " of the runbook history as applied",
                "UPDATE ferry_migration_history SET success = 1 WHERE installed_rank = ?", installedRank);
    }

    /** @return how many failed rows were removed */
    public int deleteFailed() {
        return db.update("remove failed rows from the runbook history", "DELETE FROM ferry_migration_history WHERE success = 0");
    }

    /**
     * @param installedRank a row
     * @param checksum the checksum the row takes
     * @param description the description the row takes
     */
    public void realign(int installedRank, String checksum, String description) {
        db.update("realign row " + installedRank + " of the runbook history",
                "UPDATE ferry_migration_history SET checksum = ?, description = ? WHERE installed_rank = ?",
                checksum, description, installedRank);
    }
}
