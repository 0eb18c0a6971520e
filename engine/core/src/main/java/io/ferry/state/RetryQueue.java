package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A durable queue of writes still owed to a store, one entry per key: a later write or delete of a
 * key replaces the entry it finds, so that the store ends up with the latest state, never an older
 * one. Values are sealed with the queue's own data key, which the journal key wraps, exactly as a
 * run's before-images are; a copy of the state store alone reveals nothing.
 *
 * <p>Each entry has a generation, so that a drain which wrote an entry removes it only if no newer
 * write replaced it meanwhile. Thread-safe.
 */
public final class RetryQueue {

    /** What an entry owes the store. */
    public enum Op {
        /** Write the sealed record. */
        WRITE,
        /** Delete the key. */
        DELETE
    }

    /**
     * One owed write.
     *
     * @param key the key
     * @param op write or delete
     * @param record the record to write, or null for a delete
     * @param fingerprint the value's keyed fingerprint, or null for a delete
     * @param attempts retries tried so far
     * @param lastError why the last attempt failed, never a value
     * @param enqueuedAt when the entry was (last) replaced
     * @param generation bumped whenever the entry is replaced
     */
    public record Entry(String key, Op op, SecretRecord record, String fingerprint, int attempts, String lastError,
                        Instant enqueuedAt, long generation) {
        /** Shows the key and fingerprint, never the value. */
        @Override
        public String toString() {
            return "Entry[" + op + " " + key + " " + fingerprint + ", attempts " + attempts + "]";
        }
    }

    private final Sql sql;
    private final String name;
    private final Aead aead;
    private final Fingerprinter fingerprinter;

    private RetryQueue(Sql sql, String name, byte[] dataKey) {
        this.sql = sql;
        this.name = name;
        this.aead = new Aead(Aead.subkey(dataKey, "ferry retry queue images"));
        this.fingerprinter = new Fingerprinter(Aead.subkey(dataKey, "ferry fingerprints"));
    }

    /**
     * Opens a queue in a state store, creating it with a fresh data key the first time.
     *
     * @param store the state store
     * @param name the queue's name, for example the migration it serves
     * @return the queue
     * @throws StateException when the journal key is not the one the queue was created with
     */
    public static RetryQueue open(StateStore store, String name) {
        Objects.requireNonNull(name, "name");
        Sql sql = new Sql(store);
        JournalKey key = store.key();
        String wrapId = "queue:" + name;
        synchronized (store) {
            Wrapped found = sql.query("open retry queue " + name,
                    "SELECT key_id, wrapped_key FROM ferry_retry_queues WHERE name = ?", ps -> ps.setString(1, name),
                    rs -> rs.next() ? new Wrapped(rs.getString(1), rs.getBytes(2)) : null);
            if (found == null) {
                byte[] dataKey = Aead.randomKey();
                sql.update("create retry queue " + name,
                        "INSERT INTO ferry_retry_queues (name, key_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)", ps -> {
                            ps.setString(1, name);
                            ps.setString(2, key.id());
                            ps.setBytes(3, key.wrap(wrapId, dataKey));
                            ps.setString(4, Instant.now().toString());
                        });
                return new RetryQueue(sql, name, dataKey);
            }
            if (!found.keyId().equals(key.id())) {
                throw new StateException("retry queue " + name + " was created under journal key " + found.keyId() + " but "
                        + key.file() + " holds key " + key.id() + "; point " + JournalKey.FILE_VARIABLE
                        + " at the key file used when the queue was created");
            }
            try {
                return new RetryQueue(sql, name, key.unwrap(wrapId, found.key()));
            } catch (DecryptionException e) {
                throw new StateException("the data key of retry queue " + name + " does not open with " + key.file()
                        + "; the state store may have been altered");
            }
        }
    }

    private record Wrapped(String keyId, byte[] key) {
    }

    /**
     * @param store a state store
     * @return the entries owed across every queue in it
     */
    public static long pendingInAll(StateStore store) {
        return new Sql(store).query("count retry entries", "SELECT count(*) FROM ferry_retry_items", ps -> { }, rs -> rs.getLong(1));
    }

    /** @return the queue's name */
    public String name() {
        return name;
    }

    /** @return the queue's keyed fingerprinter, the same for every process that opens this queue */
    public Fingerprinter fingerprinter() {
        return fingerprinter;
    }

    /**
     * Owes the store a write of this record, replacing what was owed for its key.
     *
     * @param record the record
     * @param error why the write failed, never a value
     */
    public void enqueueWrite(SecretRecord record, String error) {
        upsert(record.key(), Op.WRITE, seal(record), record.value().fingerprint(fingerprinter), error);
    }

    /**
     * Owes the store a delete of this key, replacing what was owed for it.
     *
     * @param key the key
     * @param error why the delete failed
     */
    public void enqueueDelete(String key, String error) {
        upsert(key, Op.DELETE, null, null, error);
    }

    private void upsert(String key, Op op, byte[] image, String fingerprint, String error) {
        sql.update("queue a retry for " + key, """
                INSERT INTO ferry_retry_items (queue, item_key, op, image, fingerprint, attempts, last_error, enqueued_at, generation)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, 1)
                ON CONFLICT (queue, item_key) DO UPDATE SET op = excluded.op, image = excluded.image,
                  fingerprint = excluded.fingerprint, last_error = excluded.last_error, enqueued_at = excluded.enqueued_at,
                  attempts = 0, generation = generation + 1""", ps -> {
                    ps.setString(1, name);
                    ps.setString(2, key);
                    ps.setString(3, op.name());
                    ps.setBytes(4, image);
                    ps.setString(5, fingerprint);
                    ps.setString(6, error);
                    ps.setString(7, Instant.now().toString());
                });
    }

    /**
     * @param key a key
     * @return whether something is owed for it
     */
    public boolean isPending(String key) {
        return sql.query("look up a retry for " + key, "SELECT 1 FROM ferry_retry_items WHERE queue = ? AND item_key = ?", ps -> {
            ps.setString(1, name);
            ps.setString(2, key);
        }, ResultSet::next);
    }

    /** @return how many entries are owed */
    public long pending() {
        return sql.query("count retries", "SELECT count(*) FROM ferry_retry_items WHERE queue = ?",
                ps -> ps.setString(1, name), rs -> rs.getLong(1));
    }

    /**
     * @param limit the most entries wanted
     * @return the oldest entries, with their records decrypted
     */
    public List<Entry> oldest(int limit) {
        return sql.query("read retries", """
                SELECT item_key, op, image, fingerprint, attempts, last_error, enqueued_at, generation
                FROM ferry_retry_items WHERE queue = ? ORDER BY enqueued_at, item_key LIMIT ?""", ps -> {
                    ps.setString(1, name);
                    ps.setInt(2, limit);
                }, rs -> {
                    List<Entry> entries = new ArrayList<>();
                    while (rs.next()) {
                        String key = rs.getString(1);
                        entries.add(new Entry(key, Op.valueOf(rs.getString(2)), open(rs.getBytes(3), key),
                                rs.getString(4), rs.getInt(5), rs.getString(6), Instant.parse(rs.getString(7)), rs.getLong(8)));
                    }
                    return entries;
                });
    }

    /**
     * Removes an entry that was carried out, unless a newer write replaced it meanwhile.
     *
     * @param entry the entry carried out
     * @return whether it was removed
     */
    public boolean settled(Entry entry) {
        return sql.update("settle the retry of " + entry.key(),
                "DELETE FROM ferry_retry_items WHERE queue = ? AND item_key = ? AND generation = ?", ps -> {
                    ps.setString(1, name);
                    ps.setString(2, entry.key());
                    ps.setLong(3, entry.generation());
                }) > 0;
    }

    /**
     * Records a failed attempt at an entry; it stays owed.
     *
     * @param entry the entry
     * @param error why, never a value
     */
    public void attemptFailed(Entry entry, String error) {
        sql.update("record a failed retry of " + entry.key(), """
                UPDATE ferry_retry_items SET attempts = attempts + 1, last_error = ?, attempted_at = ?
                WHERE queue = ? AND item_key = ? AND generation = ?""", ps -> {
                    ps.setString(1, error);
                    ps.setString(2, Instant.now().toString());
                    ps.setString(3, name);
                    ps.setString(4, entry.key());
                    ps.setLong(5, entry.generation());
                });
    }

    private byte[] seal(SecretRecord record) {
        return aead.seal(RecordCodec.encode(record), Aead.ad("queue/" + name + "/" + record.key()));
    }

    private SecretRecord open(byte[] sealed, String key) {
        if (sealed == null) {
            return null;
        }
        try {
            return RecordCodec.decode(aead.open(sealed, Aead.ad("queue/" + name + "/" + key)));
        } catch (DecryptionException e) {
            throw new StateException("the queued image of " + key + " in retry queue " + name
                    + " does not decrypt; the state store was altered or the entry was moved");
        }
    }

    @Override
    public String toString() {
        return "RetryQueue[" + name + "]";
    }
}
