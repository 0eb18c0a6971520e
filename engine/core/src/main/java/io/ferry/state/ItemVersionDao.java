package io.ferry.state;

import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ferry_item_versions} table of one run: the earlier versions a planned item carries,
 * written before its own, each sealed as the item's images are.
 */
final class ItemVersionDao {

    private final Database db;
    private final String runId;
    private final Sealer images;
    private final Fingerprinter fingerprinter;

    ItemVersionDao(Database db, String runId, Sealer images, Fingerprinter fingerprinter) {
        this.db = db;
        this.runId = runId;
        this.images = images;
        this.fingerprinter = fingerprinter;
    }

    void insert(Map<Long, List<SecretRecord>> earlierVersions) {
        List<Object[]> rows = new ArrayList<>();
        earlierVersions.forEach((seq, versions) -> {
            for (int i = 0; i < versions.size(); i++) {
                rows.add(new Object[] {runId, seq, i, images.sealRecord(versions.get(i), ItemDao.binding(runId, seq, "version-" + i)),
                    versions.get(i).value().fingerprint(fingerprinter)});
            }
        });
        db.batch("write the journal of run " + runId,
                "INSERT INTO ferry_item_versions (run_id, seq, idx, image, fingerprint) VALUES (?, ?, ?, ?, ?)", rows);
    }

    Map<Long, List<SecretRecord>> between(long afterSeq, long lastSeq) {
        Map<Long, List<SecretRecord>> versions = new HashMap<>();
        db.list("read the journal of run " + runId,
                "SELECT seq, idx, image FROM ferry_item_versions WHERE run_id = ? AND seq > ? AND seq <= ? ORDER BY seq, idx", rs -> {
                    long seq = rs.getLong("seq");
                    String which = "version-" + rs.getInt("idx");
                    return Map.entry(seq, images.openRecord(rs.getBytes("image"), ItemDao.binding(runId, seq, which),
                            () -> ItemDao.altered(runId, seq, which)));
                }, runId, afterSeq, lastSeq)
                .forEach(e -> versions.computeIfAbsent(e.getKey(), s -> new ArrayList<>()).add(e.getValue()));
        return versions;
    }

    void deleteAll() {
        db.update("write the journal of run " + runId, "DELETE FROM ferry_item_versions WHERE run_id = ?", runId);
    }
}
