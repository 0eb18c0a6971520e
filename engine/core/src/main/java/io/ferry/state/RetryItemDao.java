package io.ferry.state;

import java.time.Instant;
import java.util.List;

/** The {@code ferry_retry_items} table: the writes owed by every retry queue, one per queue and key. */
final class RetryItemDao {

    /**
     * One row, its image still sealed.
     *
     * @param key the key
     * @param op write or delete
     * @param image the sealed record, or null for a delete
     * @param fingerprint the value's keyed fingerprint, or null
     * @param attempts retries tried so far
     * @param lastError why the last attempt failed
     * @param enqueuedAt when the entry was (last) replaced
     * @param generation bumped whenever the entry is replaced
     */
    record Row(String key, RetryQueue.Op op, byte[] image, String fingerprint, int attempts, String lastError,
               Instant enqueuedAt, long generation) {
    }

    private final Database db;

    RetryItemDao(Database db) {
        this.db = db;
    }

    long countAll() {
        return db.number("count retry entries", "SELECT count(*) FROM ferry_retry_items");
    }

    long count(String queue) {
        return db.number("count retries", "SELECT count(*) FROM ferry_retry_items WHERE queue = ?", queue);
    }

    /** Puts an entry in place of the key's, bumping its generation. */
    void upsert(String queue, String key, RetryQueue.Op op, byte[] image, String fingerprint, String error) {
        db.update("queue a retry for " + key, """
                INSERT INTO ferry_retry_items (queue, item_key, op, image, fingerprint, attempts, last_error, enqueued_at, generation)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, 1)
                ON CONFLICT (queue, item_key) DO UPDATE SET op = excluded.op, image = excluded.image,
                  fingerprint = excluded.fingerprint, last_error = excluded.last_error, enqueued_at = excluded.enqueued_at,
                  attempts = 0, generation = ferry_retry_items.generation + 1""",
                queue, key, op, image, fingerprint, error, Instant.now());
    }

    boolean exists(String queue, String key) {
        return db.first("look up a retry for " + key, "SELECT 1 FROM ferry_retry_items WHERE queue = ? AND item_key = ?",
                rs -> Boolean.TRUE, queue, key).isPresent();
    }

    List<Row> oldest(String queue, int limit) {
        return db.list("read retries", """
                SELECT item_key, op, image, fingerprint, attempts, last_error, enqueued_at, generation
                FROM ferry_retry_items WHERE queue = ? ORDER BY enqueued_at, item_key LIMIT ?""",
                rs -> new Row(rs.getString(1), RetryQueue.Op.valueOf(rs.getString(2)), rs.getBytes(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), Instant.parse(rs.getString(7)), rs.getLong(8)), queue, limit);
    }

    /** @return whether the entry of this generation was there and is removed */
    boolean delete(String queue, String key, long generation) {
        return db.update("settle the retry of " + key,
                "DELETE FROM ferry_retry_items WHERE queue = ? AND item_key = ? AND generation = ?", queue, key, generation) > 0;
    }

    void attemptFailed(String queue, String key, long generation, String error) {
        db.update("record a failed retry of " + key, """
                UPDATE ferry_retry_items SET attempts = attempts + 1, last_error = ?, attempted_at = ?
                WHERE queue = ? AND item_key = ? AND generation = ?""", error, Instant.now(), queue, key, generation);
    }
}
