package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_shadow_checks} table: the shadow-read comparisons that are the evidence for cutover. */
final class ShadowCheckDao {

    private final Database db;

    ShadowCheckDao(Database db) {
        this.db = db;
    }

    void insert(String migrationId, PhaseJournal.Check check) {
        db.update("record a shadow-read check of " + migrationId,
                "INSERT INTO ferry_shadow_checks (migration_id, at_ms, compared, matched, mismatched, missing) VALUES (?, ?, ?, ?, ?, ?)",
                migrationId, check.at().toEpochMilli(), check.compared(), check.matched(), check.mismatched(), check.missing());
    }

    List<PhaseJournal.Check> since(String migrationId, Instant since) {
        return db.list("read the shadow-read checks of " + migrationId,
                "SELECT * FROM ferry_shadow_checks WHERE migration_id = ? AND at_ms >= ? ORDER BY at_ms",
                rs -> new PhaseJournal.Check(Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getLong("compared"),
                        rs.getLong("matched"), rs.getLong("mismatched"), rs.getLong("missing")),
                migrationId, since.toEpochMilli());
    }
}
