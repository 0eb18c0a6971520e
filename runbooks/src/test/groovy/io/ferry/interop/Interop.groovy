package io.ferry.interop

import io.ferry.api.Ferry
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderContext
import io.ferry.spi.SecretProvider
import java.nio.file.Path

/** What the cross-provider specifications share: an engine that can reach every store, and the corpus. */
class Interop {

    /** Tags every store accepts as tags, labels or custom metadata. */
    static final Map<String, String> TAGS = [team: 'payments', env: 'prod']

    /**
     * @param dir the engine's working directory (state store, journal key, audit)
     * @param stores the stores whose credentials it gets
     * @return the engine
     */
    static Ferry engine(Path dir, Collection<StoreFixture> stores) {
        Map<String, String> environment = [:]
        stores.each { environment.putAll(it.environment()) }
        Ferry.configure()
                .workingDirectory(dir)
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, environment, ProviderContext.PassphraseSource.none()))
                .actor('interop')
                .load()
    }

    /**
     * The fixed corpus: plain text, a JSON object of fields, bytes that are not UTF-8, unicode text,
     * a tagged secret, and the largest value both stores allow.
     *
     * @param largest the size of the largest value, in bytes
     * @return the records, by key
     */
    static Map<String, SecretRecord> corpus(int largest) {
        byte[] bytes = (0..255).collect { it as byte } as byte[]
        [
                'plain-text'  : SecretRecord.builder('plain-text').text('correct horse battery staple').contentType(SecretRecord.TEXT).build(),
                'json-fields' : SecretRecord.builder('json-fields').text('{"password":"p4ss!","port":5432,"username":"app"}')
                        .contentType(SecretRecord.JSON).build(),
                'binary-bytes': SecretRecord.builder('binary-bytes').value(SecretValue.ofBytes(bytes)).contentType(SecretRecord.BINARY).build(),
                'unicode-text': SecretRecord.builder('unicode-text').text('pässwörd ключ 鍵 🔑').contentType(SecretRecord.TEXT).build(),
                'tagged'      : SecretRecord.builder('tagged').text('with tags').contentType(SecretRecord.TEXT).tags(TAGS).build(),
                'largest'     : SecretRecord.builder('largest').text('x' * largest).contentType(SecretRecord.TEXT).build(),
        ]
    }

    /**
     * @param stores the stores the value must pass through
     * @return the size of the largest text value every one of them accepts, capped at 1 MiB
     */
    static int largestValue(List<SecretProvider> stores) {
        int low = 1
        int high = 1 << 20
        while (low < high) {
            int mid = (low + high + 1).intdiv(2)
            def record = SecretRecord.builder('largest').text('x' * mid).contentType(SecretRecord.TEXT).build()
            if (stores.every { it.violations(record).isEmpty() }) {
                low = mid
            } else {
                high = mid - 1
            }
        }
        low
    }
}
