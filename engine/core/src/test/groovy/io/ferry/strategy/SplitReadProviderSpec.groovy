package io.ferry.strategy

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class SplitReadProviderSpec extends Specification {

    @TempDir
    Path dir

    SecretProvider oldStore
    SecretProvider newStore
    List<String> keys = (1..1000).collect { "svc/key-$it" as String }

    def setup() {
        def registry = ProviderRegistry.load()
        oldStore = registry.open("memory:old-${UUID.randomUUID()}", EngineFixture.context(dir))
        newStore = registry.open("memory:new-${UUID.randomUUID()}", EngineFixture.context(dir))
        keys.each {
            oldStore.write(SecretRecord.ofText(it, 'old'), WriteCondition.upsert(), WriteOptions.none())
            newStore.write(SecretRecord.ofText(it, 'new'), WriteCondition.upsert(), WriteOptions.none())
        }
    }

    def cleanup() {
        oldStore.close()
        newStore.close()
    }

    def "#percent% of reads go to the new store"() {
        given:
        def store = new SplitReadProvider(oldStore, newStore, percent)

        when:
        def fromNew = keys.count { store.read(it).get().value().text() == 'new' }

        then:
        fromNew >= low
        fromNew <= high
        store.readsFromNew() == fromNew
        store.readsFromOld() == keys.size() - fromNew

        where:
        percent || low | high
        0       || 0   | 0
        25      || 200 | 300
        100     || 1000 | 1000
    }

    def "a key read from the new store stays there as the percentage rises, and batches route the same way"() {
        given:
        def store = new SplitReadProvider(oldStore, newStore, 10)
        def atTen = keys.findAll { store.readsFromNew(it) } as Set

        when:
        store.percent(60)
        def batch = store.readBatch(keys)

        then:
        keys.findAll { store.readsFromNew(it) }.containsAll(atTen)
        batch.keySet() as List == keys
        keys.every { batch[it].value().text() == (store.readsFromNew(it) ? 'new' : 'old') }
    }

    def "writes go to the old store"() {
        given:
        def store = new SplitReadProvider(oldStore, newStore, 100)

        when:
        store.write(SecretRecord.ofText('fresh', 'x'), WriteCondition.upsert(), WriteOptions.none())

        then:
        oldStore.read('fresh').present
        !newStore.read('fresh').present
    }

    def "a percentage outside 0 to 100 is refused"() {
        when:
        new SplitReadProvider(oldStore, newStore, 101)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'a split-read percentage must be between 0 and 100, got 101'
    }
}
