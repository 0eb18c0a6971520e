package io.ferry.strategy

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import io.ferry.support.OutageProvider
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class ShadowReadProviderSpec extends Specification {

    static final String CANARY = 'CANARY-shadow-51bd'

    @TempDir
    Path dir

    ProviderRegistry registry = ProviderRegistry.load()
    SecretProvider primary
    SecretProvider shadow

    def setup() {
        primary = registry.open("memory:p-${UUID.randomUUID()}", EngineFixture.context(dir))
        shadow = registry.open("memory:s-${UUID.randomUUID()}", EngineFixture.context(dir))
        (1..20).each {
            put(primary, "k$it", "value-$it-$CANARY")
            put(shadow, "k$it", "value-$it-$CANARY")
        }
    }

    def cleanup() {
        primary.close()
        shadow.close()
    }

    static void put(SecretProvider p, String key, String value) {
        p.write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    def "injected mismatches are counted and reported to the hook with keys and fingerprints only"() {
        given: "two shadow values changed and one missing"
        put(shadow, 'k3', "drifted-$CANARY")
        put(shadow, 'k9', "drifted-too-$CANARY")
        shadow.delete('k15', null)
        def calls = []
        def store = new ShadowReadProvider(primary, shadow, 1.0, { key, p, s -> calls << [key, p, s] } as MismatchHook)

        when: "every key is read, one at a time and in a batch"
        def served = (1..10).collect { store.read("k$it").get() }
        served += store.readBatch((11..20).collect { "k$it" as String }).values()

        then: "the caller always got the primary's values"
        served.collect { it.value().text() } == (1..20).collect { "value-$it-$CANARY" as String }

        and: "the counts say what differs"
        store.stats().compared() == 20
        store.stats().matched() == 17
        store.stats().mismatched() == 3
        store.stats().matchRate() == 17 / 20

        and: "the hook heard the keys and two fingerprints, never a value"
        calls*.get(0).sort() == ['k15', 'k3', 'k9']
        calls.find { it[0] == 'k15' }[2] == null
        calls.every { it[1].startsWith('hmac:') }
        !calls.toString().contains(CANARY)
        !calls.toString().contains('drifted')
    }

    def "only a sample of reads is compared, at the configured rate"() {
        given:
        def store = new ShadowReadProvider(primary, shadow, rate, MismatchHook.NONE, new Random(42),
                io.ferry.secret.Fingerprinter.ephemeral())

        when:
        200.times { store.read("k${it % 20 + 1}") }

        then:
        store.stats().reads() == 200
        store.stats().compared() >= low
        store.stats().compared() <= high
        store.stats().mismatched() == 0

        where:
        rate || low | high
        0.0  || 0   | 0
        0.1  || 8   | 35
        1.0  || 200 | 200
    }

    def "a shadow store that fails is counted, and never changes what the caller gets"() {
        given:
        def down = new OutageProvider(shadow)
        down.down = true
        def store = new ShadowReadProvider(primary, down, 1.0, MismatchHook.NONE)

        when:
        def value = store.read('k1')
        def batch = store.readBatch(['k2', 'k3'])

        then:
        value.get().value().text() == "value-1-$CANARY"
        batch.keySet() as List == ['k2', 'k3']
        store.stats().errors() == 3
        store.stats().compared() == 0
    }

    def "a hook that throws cannot break a read"() {
        given:
        put(shadow, 'k2', 'other')
        def store = new ShadowReadProvider(primary, shadow, 1.0, { k, p, s -> throw new IllegalStateException("boom $k") } as MismatchHook)

        expect:
        store.read('k2').get().value().text() == "value-2-$CANARY"
        store.stats().mismatched() == 1
    }
}
