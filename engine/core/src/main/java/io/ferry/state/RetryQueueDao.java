package io.ferry.state;

import java.time.Instant;
import java.util.Optional;

/** The {@code ferry_retry_queues} table: one row per retry queue, with its data key wrapped under the journal key. */
final class RetryQueueDao {

    private final Database db;

    RetryQueueDao(Database db) {
        this.db = db;
    }

    Optional<WrappedKey> key(String name) {
        return db.first("open retry queue " + name, "SELECT key_id, wrapped_key FROM ferry_retry_queues WHERE name = ?",
                rs -> new WrappedKey(rs.getString(1), rs.getBytes(2)), name);
    }

    void insert(String name, WrappedKey key) {
        db.update("create retry queue " + name,
                "INSERT INTO ferry_retry_queues (name, key_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
                name, key.keyId(), key.wrapped(), Instant.now());
    }
}
