package io.ferry.provider.vault;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the two versions of Vault's KV secrets engine. Each method takes the
 * record's key (for messages and records) and its path inside the mount (for the API); the
 * provider maps one to the other and does what both versions share: validation, paging, health.
 */
interface KvEngine {

    /** @return the KV version, 1 or 2 */
    int version();

    /** @return the current value, or empty when there is none (or it is deleted) */
    Optional<SecretRecord> read(String key, String path);

    /** @return the readable versions, oldest first */
    List<SecretRecord> history(String key, String path);

    /** Writes under the condition, idempotently when the options carry a token. */
    WriteResult write(String key, String path, SecretRecord record, WriteCondition condition, WriteOptions options);

    /** Deletes the secret and all its versions; see {@link VaultProvider#delete}. */
    boolean delete(String key, String path, String ifVersion);

    /** Removes whatever is at the path for good, leaving no trace. */
    void remove(String key, String path);

    /**
     * @param folder a folder inside the mount, empty for the top or ending in a slash
     * @return the names directly in it, sub-folders with a trailing slash; empty when there are none
     */
    List<String> folder(String folder);

    /** @return the key's summary, or empty when it has no current value */
    Optional<SecretSummary> summary(String key, String path);

    /** @return whether the current version is deleted but recoverable */
    boolean isSoftDeleted(String key, String path);

    /** Undeletes the current version. */
    void recover(String key, String path);

    /** Removes a soft-deleted secret for good. */
    void purge(String key, String path);
}
