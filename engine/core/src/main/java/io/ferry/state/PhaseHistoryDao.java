package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_phase_history} table: every phase transition of every migration. */
final class PhaseHistoryDao {

    private final Database db;

    PhaseHistoryDao(Database db) {
        this.db = db;
    }

    void insert(String migrationId, PhaseJournal.Transition t) {
        db.update("move " + migrationId + " to " + t.to(),
                "INSERT INTO ferry_phase_history (migration_id, at, from_phase, to_phase, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
                migrationId, t.at(), t.from(), t.to(), t.actor(), t.reason());
    }

    List<PhaseJournal.Transition> of(String migrationId) {
        return db.list("read the phases of " + migrationId, "SELECT * FROM ferry_phase_history WHERE migration_id = ? ORDER BY "
                + db.dialect().insertionOrder(), rs -> new PhaseJournal.Transition(Instant.parse(rs.getString("at")),
                        rs.getString("from_phase"), rs.getString("to_phase"), rs.getString("actor"), rs.getString("reason")),
                migrationId);
    }
}
