package io.ferry.cli

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretSummary
import io.ferry.spi.Constraints
import io.ferry.spi.HealthReport
import io.ferry.spi.Page
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderFactory
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.WriteResult
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentSkipListMap

/**
 * Test stores under the scheme {@code testmem:NAME} that live as long as the test JVM, so that one
 * command can write a store and the next one, opening it anew, can read it.
 */
class SharedMemoryStores implements ProviderFactory {

    static final Map<String, ConcurrentSkipListMap<String, SecretRecord>> STORES = new ConcurrentHashMap<>()

    static ConcurrentSkipListMap<String, SecretRecord> store(String name) {
        STORES.computeIfAbsent(name) { new ConcurrentSkipListMap<String, SecretRecord>() }
    }

    static void put(String name, SecretRecord record) {
        new Provider(new ProviderSpec('testmem', name, [:])).write(record, WriteCondition.upsert(), WriteOptions.none())
    }

    @Override
    String scheme() { 'testmem' }

    @Override
    String description() { 'a store in the memory of the test JVM: testmem:NAME' }

    @Override
    SecretProvider open(ProviderSpec spec, ProviderContext context) {
        if (spec.location().isEmpty()) {
            throw new IllegalArgumentException("testmem needs a name, for example testmem:source")
        }
        new Provider(spec)
    }

    static class Provider implements SecretProvider {
        final ProviderSpec spec
        final ConcurrentSkipListMap<String, SecretRecord> data

        Provider(ProviderSpec spec) {
            this.spec = spec
            this.data = store(spec.location())
        }

        ProviderSpec spec() { spec }

        Constraints constraints() { Constraints.lenient('testmem') }

        Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
            def keys = data.tailMap(pageToken ?: prefix, pageToken == null).keySet()
                    .findAll { it.startsWith(prefix) }.take(pageSize + 1)
            def page = keys.take(pageSize).collect { SecretSummary.of(data.get(it)) }
            new Page<SecretSummary>(page, keys.size() > pageSize ? keys[pageSize - 1] : null)
        }

        Optional<SecretRecord> read(String key) { Optional.ofNullable(data.get(key)) }

        synchronized WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
            def existing = data.get(record.key())
            if (condition.mode() == WriteCondition.Mode.CREATE_ONLY && existing != null) {
                throw new ProviderException(ProviderException.Kind.EXISTS, record.key(), "exists")
            }
            if (condition.mode() == WriteCondition.Mode.IF_VERSION && existing?.version() != condition.version()) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, record.key(), "changed")
            }
            String version = String.valueOf((existing?.version()?.toInteger() ?: 0) + 1)
            Instant now = Instant.now()
            data.put(record.key(), record.toBuilder().version(version).createdAt(existing?.createdAt() ?: now)
                    .updatedAt(now).build())
            new WriteResult(version, existing == null)
        }

        synchronized boolean delete(String key, String ifVersion) {
            def existing = data.get(key)
            if (ifVersion != null && existing != null && existing.version() != ifVersion) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, key, "changed")
            }
            data.remove(key) != null
        }

        HealthReport health(boolean writeProbe) { new HealthReport(spec.toUri(), true, true, true, null, []) }

        void close() {}
    }
}
