package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.secret.SecretRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The restore points kept in a state store: one row per point ({@code ferry_restore_points}) and one
 * per record version it holds ({@code ferry_restore_point_records}). Each point has its own data
 * key, wrapped by the journal key exactly as a run's is, and every image is sealed with it, bound
 * to the point, the key and the version's place; a copy of the state store alone reveals no value.
 * A point whose records live in a local store file instead ({@code --to local:FILE}) has a row here
 * with that location and no records, so that it is listed and found like the others. Thread-safe.
 */
public final class RestorePointTable {

    private static final String WRAP_PREFIX = "restore point:";

    private final Database db;
    private final JournalKey key;

    RestorePointTable(Database db, JournalKey key) {
        this.db = db;
        this.key = key;
    }

    /**
     * One restore point as listed.
     *
     * @param name its name, unique in the state store
     * @param storeUri the store it was taken of
     * @param location where its records are: null for this state store, else a store URI such as {@code local:FILE}
     * @param keys the key globs it was limited to, comma-separated, or null for every key
     * @param allVersions whether it holds every version the store kept, or the current ones only
     * @param keyCount the keys it holds
     * @param recordCount the record versions it holds
     * @param createdAt when it was taken
     * @param runId the run that took it before writing, or null when taken by {@code ferry backup}
     * @param role which of that run's stores it is ({@code source} or {@code target}), or null
     * @param complete whether taking it finished; an incomplete point is never restored
     * @param keyId the id of the journal key its data key is wrapped with
     */
    public record Point(String name, String storeUri, String location, String keys, boolean allVersions, long keyCount,
                        long recordCount, Instant createdAt, String runId, String role, boolean complete, String keyId) {
    }

    /**
     * What a new point is, before its records are added.
     *
     * @param name its name
     * @param storeUri the store it is taken of
     * @param location where its records go: null for this state store, else a store URI
     * @param keys the key globs, comma-separated, or null for every key
     * @param allVersions whether every version is kept
     * @param runId the run taking it, or null
     * @param role {@code source} or {@code target} of that run, or null
     */
    public record Draft(String name, String storeUri, String location, String keys, boolean allVersions, String runId,
                        String role) {
    }

    /**
     * Records a new, incomplete point with a fresh data key.
     *
     * @param draft what the point is
     * @return the point's sealed records, to add to
     * @throws StateException when a point of that name exists
     */
    public Sealed create(Draft draft) {
        byte[] dataKey = Aead.randomKey();
        int rows = db.update("record restore point " + draft.name(), db.dialect().insertOrIgnore("ferry_restore_points",
                "name, store_uri, location, keys, all_versions, key_count, record_count, created_at, run_id, role, complete,"
                        + " key_id, wrapped_key"),
                draft.name(), draft.storeUri(), draft.location(), draft.keys(), draft.allVersions(), 0, 0, Instant.now(),
                draft.runId(), draft.role(), false, key.id(), key.wrap(WRAP_PREFIX + draft.name(), dataKey));
        if (rows == 0) {
            throw new StateException("a restore point named " + draft.name() + " exists in " + db.location()
                    + "; give another name");
        }
        return new Sealed(draft.name(), dataKey);
    }

    /**
     * Opens a point's records for reading, after checking that the journal key is the one it was
     * sealed under.
     *
     * @param name the point's name
     * @return its sealed records
     * @throws StateException when there is no such point or the journal key is another
     */
    public Sealed open(String name) {
        Point point = find(name).orElseThrow(() -> unknown(name));
        byte[] wrapped = db.first("read restore point " + name, "SELECT wrapped_key FROM ferry_restore_points WHERE name = ?",
                rs -> rs.getBytes(1), name).orElseThrow(() -> unknown(name));
        return new Sealed(name, key.openDataKey("restore point " + name, "sealed", "it was taken; without that key the point cannot be read",
                WRAP_PREFIX + name, point.keyId(), wrapped));
    }

    /**
     * @param name a point's name
     * @return the point, if there is one
     */
    public Optional<Point> find(String name) {
        return db.first("read restore point " + name, "SELECT * FROM ferry_restore_points WHERE name = ?",
                RestorePointTable::point, name);
    }

    /** @return every point, newest first */
    public List<Point> list() {
        return db.list("list restore points", "SELECT * FROM ferry_restore_points ORDER BY created_at DESC, name DESC",
                RestorePointTable::point);
    }

    /**
     * @param runId a run
     * @return the points that run took before it wrote, oldest first
     */
    public List<Point> ofRun(String runId) {
        return db.list("list the restore points of run " + runId,
                "SELECT * FROM ferry_restore_points WHERE run_id = ? ORDER BY created_at, name",
                RestorePointTable::point, runId);
    }

    /**
     * Deletes a point and its records.
     *
     * @param name the point's name
     * @return whether there was such a point
     */
    public boolean delete(String name) {
        return db.inTransaction("delete restore point " + name, () -> {
            db.update("delete the records of restore point " + name, "DELETE FROM ferry_restore_point_records WHERE point = ?", name);
            return db.update("delete restore point " + name, "DELETE FROM ferry_restore_points WHERE name = ?", name) > 0;
        });
    }

    private StateException unknown(String name) {
        return new UnknownRunException("no restore point '" + name + "' in " + db.location()
                + "; list them with: ferry backups");
    }

    private static Point point(ResultSet rs) throws SQLException {
        return new Point(rs.getString("name"), rs.getString("store_uri"), rs.getString("location"), rs.getString("keys"),
                rs.getInt("all_versions") == 1, rs.getLong("key_count"), rs.getLong("record_count"),
                Instant.parse(rs.getString("created_at")), rs.getString("run_id"), rs.getString("role"),
                rs.getInt("complete") == 1, rs.getString("key_id"));
    }

    /** The records of one point, sealed with its data key. */
    public final class Sealed {

        private final String point;
        private final Sealer sealer;

        private Sealed(String point, byte[] dataKey) {
            this.point = point;
            this.sealer = new Sealer(dataKey, "ferry restore point images");
        }

        /** @return the point's name */
        public String point() {
            return point;
        }

        /**
         * Adds the versions of some keys, in one transaction.
         *
         * @param versions per key, its versions oldest first, current last
         */
        public void add(List<List<SecretRecord>> versions) {
            List<Object[]> rows = new ArrayList<>();
            for (List<SecretRecord> history : versions) {
                for (int i = 0; i < history.size(); i++) {
                    SecretRecord record = history.get(i);
                    rows.add(new Object[] {point, record.key(), i, sealer.sealRecord(record, binding(record.key(), i))});
                }
            }
            db.batch("add records to restore point " + point,
                    "INSERT INTO ferry_restore_point_records (point, record_key, idx, image) VALUES (?, ?, ?, ?)", rows);
        }

        /**
         * Marks the point complete with its counts; only a complete point is restored.
         *
         * @param keyCount the keys it holds
         * @param recordCount the versions it holds
         */
        public void complete(long keyCount, long recordCount) {
            db.update("complete restore point " + point,
                    "UPDATE ferry_restore_points SET complete = 1, key_count = ?, record_count = ? WHERE name = ?",
                    keyCount, recordCount, point);
        }

        /**
         * @param prefix a key prefix, empty for all
         * @param afterKey list keys after this one, or null from the first
         * @param limit at most this many
         * @return the keys, in order
         */
        public List<String> keys(String prefix, String afterKey, int limit) {
            return db.list("list restore point " + point, """
                    SELECT DISTINCT record_key FROM ferry_restore_point_records
                    WHERE point = ? AND substr(record_key, 1, CAST(? AS INTEGER)) = ? AND record_key > ? ORDER BY record_key LIMIT ?""",
                    rs -> rs.getString(1), point, prefix.length(), prefix, afterKey == null ? "" : afterKey, limit);
        }

        /**
         * @param recordKey a key
         * @return its versions, oldest first, current last; empty when the point does not hold it
         */
        public List<SecretRecord> versions(String recordKey) {
            List<byte[]> sealed = db.list("read restore point " + point,
                    "SELECT image FROM ferry_restore_point_records WHERE point = ? AND record_key = ? ORDER BY idx",
                    rs -> rs.getBytes(1), point, recordKey);
            List<SecretRecord> versions = new ArrayList<>(sealed.size());
            for (int i = 0; i < sealed.size(); i++) {
                versions.add(sealer.openRecord(sealed.get(i), binding(recordKey, i), () -> "a record of restore point "
                        + point + " does not open with its key; the state store may have been altered"));
            }
            return versions;
        }

        private String binding(String recordKey, int index) {
            return point + "/" + recordKey + "/" + index;
        }
    }
}
