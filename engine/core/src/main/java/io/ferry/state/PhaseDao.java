package io.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The {@code ferry_phases} table: where each migration stands in its cutover, and the bar its gates use. */
final class PhaseDao {

    private final Database db;

    PhaseDao(Database db) {
        this.db = db;
    }

    Optional<PhaseJournal.Current> find(String migrationId) {
        return db.first("read the phase of " + migrationId, "SELECT * FROM ferry_phases WHERE migration_id = ?",
                rs -> new PhaseJournal.Current(migrationId, rs.getString("phase"), Instant.parse(rs.getString("since")),
                        rs.getDouble("min_match_rate"), Duration.ofMillis(rs.getLong("window_ms"))), migrationId);
    }

    /** @return whether the migration had no phase and now has this one */
    boolean insertFirst(String migrationId, String phase, Instant since, double minMatchRate, Duration window) {
        return db.update("move " + migrationId + " to " + phase,
                db.dialect().insertOrIgnore("ferry_phases", "migration_id, phase, since, min_match_rate, window_ms"),
                migrationId, phase, since, minMatchRate, window.toMillis()) == 1;
    }

    /** @return whether the migration was in the phase {@code from} and now is in {@code to} */
    boolean move(String migrationId, String from, String to, Instant since) {
        return db.update("move " + migrationId + " to " + to,
                "UPDATE ferry_phases SET phase = ?, since = ? WHERE migration_id = ? AND phase = ?", to, since, migrationId, from) == 1;
    }
}
