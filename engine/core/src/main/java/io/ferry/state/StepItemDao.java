package io.ferry.state;

import java.util.ArrayList;
import java.util.List;

/** The {@code ferry_step_items} table of one run: the items of each {@code forEach}, sealed. */
final class StepItemDao {

    /**
     * One row.
     *
     * @param idx the item's position; -1 marks "found, and there were none"
     * @param key the item's key
     * @param sealed its JSON text, sealed
     */
    record Row(int idx, String key, byte[] sealed) {
    }

    private final Database db;
    private final String runId;

    StepItemDao(Database db, String runId) {
        this.db = db;
        this.runId = runId;
    }

    List<Row> of(int element) {
        return db.list("read the step journal of run " + runId,
                "SELECT idx, item_key, sealed FROM ferry_step_items WHERE run_id = ? AND element = ? ORDER BY idx",
                rs -> new Row(rs.getInt(1), rs.getString(2), rs.getBytes(3)), runId, element);
    }

    void insert(int element, List<Row> rows) {
        List<Object[]> params = new ArrayList<>(rows.size());
        for (Row r : rows) {
            params.add(new Object[] {runId, element, r.idx(), r.key(), r.sealed()});
        }
        db.batch("write the step journal of run " + runId,
                "INSERT INTO ferry_step_items (run_id, element, idx, item_key, sealed) VALUES (?, ?, ?, ?, ?)", params);
    }
}
