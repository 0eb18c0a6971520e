package io.ferry.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The history of versioned runbooks in a state store: one row per runbook run, baseline or repair. */
public final class MigrationHistory {

    private final StateStore store;

    private MigrationHistory(StateStore store) {
        this.store = store;
    }

    /**
     * @param store the state store
     * @return its history
     */
    public static MigrationHistory of(StateStore store) {
        return new MigrationHistory(store);
    }

    /** @return every row, in installed rank */
    public List<AppliedRunbook> all() {
        synchronized (store) {
            List<AppliedRunbook> rows = new ArrayList<>();
            try (Statement s = store.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM ferry_migration_history ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add(new AppliedRunbook(rs.getInt("installed_rank"), rs.getString("version"),
                            rs.getString("description"), rs.getString("type"), rs.getString("script"),
                            rs.getString("checksum"), rs.getString("installed_by"), Instant.parse(rs.getString("installed_on")),
                            rs.getLong("execution_time"), rs.getInt("success") == 1, rs.getString("run_id")));
                }
            } catch (SQLException e) {
                throw store.failure("read the runbook history", e);
            }
            return rows;
        }
    }

    /**
     * Appends a row; its installed rank is the next free one.
     *
     * @param row the row, whose rank is ignored
     * @return the row as stored
     */
    public AppliedRunbook append(AppliedRunbook row) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement("""
                    INSERT INTO ferry_migration_history (installed_rank, version, description, type, script, checksum,
                      installed_by, installed_on, execution_time, success, run_id)
                    VALUES ((SELECT coalesce(max(installed_rank), 0) + 1 FROM ferry_migration_history), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING installed_rank""")) {
                ps.setString(1, row.version());
                ps.setString(2, row.description());
                ps.setString(3, row.type());
                ps.setString(4, row.script());
                ps.setString(5, row.checksum());
                ps.setString(6, row.installedBy());
                ps.setString(7, row.installedOn().toString());
                ps.setLong(8, row.executionTimeMillis());
                ps.setInt(9, row.success() ? 1 : 0);
                ps.setString(10, row.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new AppliedRunbook(rs.getInt(1), row.version(), row.description(), row.type(), row.script(),
                            row.checksum(), row.installedBy(), row.installedOn(), row.executionTimeMillis(), row.success(), row.runId());
                }
            } catch (SQLException e) {
                throw store.failure("record " + row.script() + " in the runbook history", e);
            }
        }
    }

    /**
     * Marks a failed row as applied: its run was resumed and finished after the row was recorded.
     *
     * @param installedRank the row
     */
    public void markSucceeded(int installedRank) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "UPDATE ferry_migration_history SET success = 1 WHERE installed_rank = ?")) {
                ps.setInt(1, installedRank);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw store.failure("mark row " + installedRank + " of the runbook history as applied", e);
            }
        }
    }

    /** @return how many failed rows were removed */
    public int deleteFailed() {
        synchronized (store) {
            try (Statement s = store.connection().createStatement()) {
                return s.executeUpdate("DELETE FROM ferry_migration_history WHERE success = 0");
            } catch (SQLException e) {
                throw store.failure("remove failed rows from the runbook history", e);
            }
        }
    }

    /**
     * @param installedRank a row
     * @param checksum the checksum the row takes
     * @param description the description the row takes
     */
    public void realign(int installedRank, String checksum, String description) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "UPDATE ferry_migration_history SET checksum = ?, description = ? WHERE installed_rank = ?")) {
                ps.setString(1, checksum);
                ps.setString(2, description);
                ps.setInt(3, installedRank);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw store.failure("realign row " + installedRank + " of the runbook history", e);
            }
        }
    }
}
