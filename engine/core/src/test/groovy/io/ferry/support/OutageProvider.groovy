package io.ferry.support

import io.ferry.secret.SecretRecord
import io.ferry.spi.*

/**
 * A store that can be taken down and brought back: while down, every call fails as UNAVAILABLE, as
 * a store in an outage does. Counts the calls refused.
 */
class OutageProvider implements SecretProvider {
    @Delegate(excludes = ['read', 'readBatch', 'write', 'writeBatch', 'delete', 'list', 'close'])
    final SecretProvider inner
    volatile boolean down
    int refused

    OutageProvider(SecretProvider inner) {
        this.inner = inner
    }

    private void check(String key) {
        if (down) {
            refused++
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, key, "store is down (connection refused)")
        }
    }

    @Override
    Page list(String prefix, String pageToken, int pageSize) {
        check(null)
        inner.list(prefix, pageToken, pageSize)
    }

    @Override
    Optional<SecretRecord> read(String key) {
        check(key)
        inner.read(key)
    }

    @Override
    Map<String, SecretRecord> readBatch(Collection<String> keys) {
        check(null)
        inner.readBatch(keys)
    }

    @Override
    WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        check(record.key())
        inner.write(record, condition, options)
    }

    @Override
    List<WriteOutcome> writeBatch(List<WriteRequest> requests) {
        check(null)
        inner.writeBatch(requests)
    }

    @Override
    boolean delete(String key, String ifVersion) {
        check(key)
        inner.delete(key, ifVersion)
    }

    @Override
    void close() {
        inner.close()
    }
}
