package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.secret.SecretRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

    private final Sql sql;
    private final JournalKey key;

    private RestorePointTable(StateStore store) {
        this.sql = new Sql(store);
        this.key = store.key();
    }

    /**
     * @param store the state store
     * @return its restore points
     */
    public static RestorePointTable of(StateStore store) {
        return new RestorePointTable(Objects.requireNonNull(store, "store"));
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
        int rows = sql.update("record restore point " + draft.name(), """
                INSERT OR IGNORE INTO ferry_restore_points (name, store_uri, location, keys, all_versions, key_count,
                  record_count, created_at, run_id, role, complete, key_id, wrapped_key)
                VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, 0, ?, ?)""", ps -> {
                    ps.setString(1, draft.name());
                    ps.setString(2, draft.storeUri());
                    ps.setString(3, draft.location());
                    ps.setString(4, draft.keys());
                    ps.setInt(5, draft.allVersions() ? 1 : 0);
                    ps.setString(6, Instant.now().toString());
                    ps.setString(7, draft.runId());
                    ps.setString(8, draft.role());
                    ps.setString(9, key.id());
                    ps.setBytes(10, key.wrap(WRAP_PREFIX + draft.name(), dataKey));
                });
        if (rows == 0) {
            throw new StateException("a restore point named " + draft.name() + " exists in " + sql.store().file()
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
        byte[] wrapped = sql.query("read restore point " + name, "SELECT wrapped_key FROM ferry_restore_points WHERE name = ?",
                ps -> ps.setString(1, name), rs -> rs.next() ? rs.getBytes(1) : null);
        if (!point.keyId().equals(key.id())) {
            throw new StateException("restore point " + name + " was sealed under journal key " + point.keyId() + " but "
                    + key.file() + " holds key " + key.id() + "; point " + JournalKey.FILE_VARIABLE
                    + " at the key file used when it was taken; without that key the point cannot be read");
        }
        try {
            return new Sealed(name, key.unwrap(WRAP_PREFIX + name, wrapped));
        } catch (DecryptionException e) {
            throw new StateException("the data key of restore point " + name + " does not open with " + key.file()
                    + "; the state store may have been altered");
        }
    }

    /**
     * @param name a point's name
     * @return the point, if there is one
     */
    public Optional<Point> find(String name) {
        return sql.query("read restore point " + name, "SELECT * FROM ferry_restore_points WHERE name = ?",
                ps -> ps.setString(1, name), rs -> rs.next() ? Optional.of(point(rs)) : Optional.empty());
    }

    /** @return every point, newest first */
    public List<Point> list() {
        return sql.query("list restore points", "SELECT * FROM ferry_restore_points ORDER BY created_at DESC, name DESC",
                ps -> { }, RestorePointTable::points);
    }

    /**
     * @param runId a run
     * @return the points that run took before it wrote, oldest first
     */
    public List<Point> ofRun(String runId) {
        return sql.query("list the restore points of run " + runId,
                "SELECT * FROM ferry_restore_points WHERE run_id = ? ORDER BY created_at, name",
                ps -> ps.setString(1, runId), RestorePointTable::points);
    }

    /**
     * Deletes a point and its records.
     *
     * @param name the point's name
     * @return whether there was such a point
     */
    public boolean delete(String name) {
        boolean[] found = {false};
        sql.inTransaction("delete restore point " + name, c -> {
            try (PreparedStatement records = c.prepareStatement("DELETE FROM ferry_restore_point_records WHERE point = ?");
                 PreparedStatement point = c.prepareStatement("DELETE FROM ferry_restore_points WHERE name = ?")) {
                records.setString(1, name);
                records.executeUpdate();
                point.setString(1, name);
                found[0] = point.executeUpdate() > 0;
            }
        });
        return found[0];
    }

    private StateException unknown(String name) {
        return new UnknownRunException("no restore point '" + name + "' in " + sql.store().file()
                + "; list them with: ferry backups");
    }

    private static List<Point> points(ResultSet rs) throws SQLException {
        List<Point> points = new ArrayList<>();
        while (rs.next()) {
            points.add(point(rs));
        }
        return points;
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
        private final Aead aead;

        private Sealed(String point, byte[] dataKey) {
            this.point = point;
            this.aead = new Aead(Aead.subkey(dataKey, "ferry restore point images"));
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
            sql.inTransaction("add records to restore point " + point, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ferry_restore_point_records (point, record_key, idx, image) VALUES (?, ?, ?, ?)")) {
                    for (List<SecretRecord> history : versions) {
                        for (int i = 0; i < history.size(); i++) {
                            SecretRecord record = history.get(i);
                            ps.setString(1, point);
                            ps.setString(2, record.key());
                            ps.setInt(3, i);
                            ps.setBytes(4, aead.seal(RecordCodec.encode(record), ad(record.key(), i)));
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            });
        }

        /**
         * Marks the point complete with its counts; only a complete point is restored.
         *
         * @param keyCount the keys it holds
         * @param recordCount the versions it holds
         */
        public void complete(long keyCount, long recordCount) {
            sql.update("complete restore point " + point,
                    "UPDATE ferry_restore_points SET complete = 1, key_count = ?, record_count = ? WHERE name = ?", ps -> {
                        ps.setLong(1, keyCount);
                        ps.setLong(2, recordCount);
                        ps.setString(3, point);
                    });
        }

        /**
         * @param prefix a key prefix, empty for all
         * @param afterKey list keys after this one, or null from the first
         * @param limit at most this many
         * @return the keys, in order
         */
        public List<String> keys(String prefix, String afterKey, int limit) {
            return sql.query("list restore point " + point, """
                    SELECT DISTINCT record_key FROM ferry_restore_point_records
                    WHERE point = ? AND substr(record_key, 1, ?) = ? AND record_key > ? ORDER BY record_key LIMIT ?""", ps -> {
                        ps.setString(1, point);
                        ps.setInt(2, prefix.length());
                        ps.setString(3, prefix);
                        ps.setString(4, afterKey == null ? "" : afterKey);
                        ps.setInt(5, limit);
                    }, rs -> {
                        List<String> keys = new ArrayList<>();
                        while (rs.next()) {
                            keys.add(rs.getString(1));
                        }
                        return keys;
                    });
        }

        /**
         * @param recordKey a key
         * @return its versions, oldest first, current last; empty when the point does not hold it
         */
        public List<SecretRecord> versions(String recordKey) {
            List<byte[]> sealed = sql.query("read restore point " + point,
                    "SELECT image FROM ferry_restore_point_records WHERE point = ? AND record_key = ? ORDER BY idx", ps -> {
                        ps.setString(1, point);
                        ps.setString(2, recordKey);
                    }, rs -> {
                        List<byte[]> images = new ArrayList<>();
                        while (rs.next()) {
                            images.add(rs.getBytes(1));
                        }
                        return images;
                    });
            List<SecretRecord> versions = new ArrayList<>(sealed.size());
            for (int i = 0; i < sealed.size(); i++) {
                try {
                    versions.add(RecordCodec.decode(aead.open(sealed.get(i), ad(recordKey, i))));
                } catch (DecryptionException e) {
                    throw new StateException("a record of restore point " + point + " does not open with its key; "
                            + "the state store may have been altered");
                }
            }
            return versions;
        }

        private byte[] ad(String recordKey, int index) {
            return Aead.ad(point + "/" + recordKey + "/" + index);
        }
    }
}
