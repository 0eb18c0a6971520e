package io.ferry.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code ferry_runs} table: one row per run, with its data key wrapped under the journal key. */
final class RunDao {

    private final Database db;

    RunDao(Database db) {
        this.db = db;
    }

    void insert(RunRecord draft, RunStatus status, RunStage stage, WrappedKey key) {
        Instant now = Instant.now();
        db.update("record the new run", """
                INSERT INTO ferry_runs (id, runbook_name, runbook_path, runbook_checksum, source_uri, target_uri, status,
                  stage, actor, started_at, updated_at, options_json, process_id, key_id, wrapped_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                draft.id(), draft.runbookName(), draft.runbookPath(), draft.runbookChecksum(), draft.sourceUri(),
                draft.targetUri(), status, stage.label(), draft.actor(), now, now, draft.optionsJson(),
                ProcessHandle.current().pid(), key.keyId(), key.wrapped());
    }

    WrappedKey key(String id) {
        return db.first("read run " + id, "SELECT key_id, wrapped_key FROM ferry_runs WHERE id = ?",
                rs -> new WrappedKey(rs.getString(1), rs.getBytes(2)), id)
                .orElseThrow(() -> new UnknownRunException("no run '" + id + "' is known here: none in " + db.location()
                        + "; list runs with: ferry runs, or point --state at the state store the run was started with"));
    }

    /** @return the run ids the prefix may mean: itself when it is one, else up to three it begins */
    List<String> idsStartingWith(String prefix) {
        return db.idsStartingWith("run", "ferry_runs", "id", "started_at", prefix);
    }

    Optional<RunRecord> find(String id) {
        return db.first("read run " + id, "SELECT * FROM ferry_runs WHERE id = ?", RunDao::map, id);
    }

    List<RunRecord> all() {
        return db.list("list runs", "SELECT * FROM ferry_runs ORDER BY started_at DESC, id DESC", RunDao::map);
    }

    void status(String id, RunStatus status, RunStage stage, String error) {
        Instant now = Instant.now();
        db.update("write the journal of run " + id, """
                UPDATE ferry_runs SET status = ?, stage = ?, error = ?, updated_at = ?,
                  finished_at = CASE WHEN ? = 1 THEN ? ELSE NULL END, process_id = ?
                WHERE id = ?""", status, stage == null ? null : stage.label(), error, now, status.finished(), now,
                ProcessHandle.current().pid(), id);
    }

    void summary(String id, String summaryJson) {
        db.update("write the journal of run " + id, "UPDATE ferry_runs SET summary_json = ? WHERE id = ?", summaryJson, id);
    }

    void runbookChecksum(String id, String checksum) {
        db.update("write the journal of run " + id, "UPDATE ferry_runs SET runbook_checksum = ? WHERE id = ?", checksum, id);
    }

    /** Notes that the run's journal changed now. */
    void touch(String id) {
        db.update("write the journal of run " + id, "UPDATE ferry_runs SET updated_at = ? WHERE id = ?", Instant.now(), id);
    }

    private static RunRecord map(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString("id"), rs.getString("runbook_name"), rs.getString("runbook_path"),
                rs.getString("runbook_checksum"), rs.getString("source_uri"), rs.getString("target_uri"),
                RunStatus.valueOf(rs.getString("status")), RunStage.ofStored(rs.getString("stage")), rs.getString("actor"),
                instant(rs.getString("started_at")), instant(rs.getString("updated_at")),
                instant(rs.getString("finished_at")), rs.getString("options_json"), rs.getString("summary_json"),
                rs.getString("error"), rs.getLong("process_id"));
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
