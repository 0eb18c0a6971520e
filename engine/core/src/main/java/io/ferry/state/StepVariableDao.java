package io.ferry.state;

import java.util.Optional;

/** The {@code ferry_step_variables} table of one run: each scope's variables, sealed. */
final class StepVariableDao {

    private final Database db;
    private final String runId;

    StepVariableDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    Optional<byte[]> of(String scope) {
        return db.first("read the step journal of run " + runId,
                "SELECT sealed FROM ferry_step_variables WHERE run_id = ? AND scope = ?", rs -> rs.getBytes(1), runId, scope);
    }

    void put(String scope, byte[] sealed) {
        db.update("write the step journal of run " + runId, """
                INSERT INTO ferry_step_variables (run_id, scope, sealed) VALUES (?, ?, ?)
                ON CONFLICT (run_id, scope) DO UPDATE SET sealed = excluded.sealed""", runId, scope, sealed);
    }
}
