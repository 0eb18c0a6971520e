package io.ferry.strategy

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.JournalKey
import io.ferry.state.RetryQueue
import io.ferry.state.StateStore
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import io.ferry.support.OutageProvider
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class DualWriteProviderSpec extends Specification {

    static final String CANARY = 'CANARY-dual-7f3a9c'

    @TempDir
    Path dir

    ProviderRegistry registry = ProviderRegistry.load()
    List<AutoCloseable> toClose = []

    def cleanup() {
        toClose.reverse().each { it.close() }
    }

    SecretProvider memory(String name) {
        def p = registry.open("memory:${name}-${UUID.randomUUID()}", EngineFixture.context(dir))
        toClose << p
        p
    }

    StateStore state() {
        def s = StateStore.open(TestState.location(dir), JournalKey.loadOrCreate(dir.resolve('journal.key')))
        toClose << s
        s
    }

    static void put(SecretProvider p, String key, String value) {
        p.write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    def "while the secondary is down every write lands in the primary and is queued, and once it is back the queue drains and nothing is lost"() {
        given: "a primary, and a secondary that is down"
        def primary = memory('primary')
        def secondary = new OutageProvider(memory('secondary'))
        def queued = []
        def listener = new DualWriteListener() {
            void queued(String key, String fingerprint, String reason) { queued << [key, fingerprint, reason] }
        }
        def dual = new DualWriteProvider(primary, secondary, state().retryQueue('payments'), listener)
        secondary.down = true

        when: "the application writes, updates and deletes during the outage"
        (1..40).each { put(dual, "app/k$it", "v$it-$CANARY") }
        (1..10).each { put(dual, "app/k$it", "v$it-updated-$CANARY") }
        dual.delete('app/k40', null)

        then: "the callers saw no failure and the primary holds every change"
        primary.read('app/k1').get().value().text() == "v1-updated-$CANARY"
        !primary.read('app/k40').present

        and: "every change is owed, one entry per key, and was reported with key and fingerprint only"
        dual.report().pending() == 40
        dual.report().queued() == 51
        queued.size() == 51
        queued.every { !it.toString().contains(CANARY) }
        queued.find { it[0] == 'app/k1' }[1].startsWith('hmac:')

        when: "a drain runs while the store is still down"
        int drained = dual.drain()

        then: "it stops at the first refusal and keeps every entry (updates of owed keys were never sent, only queued)"
        drained == 0
        secondary.refused == 40 + 1
        dual.report().pending() == 40
        dual.report().retryFailures() == 1

        when: "the store comes back and the queue is drained"
        secondary.down = false
        drained = dual.drain()

        then: "the secondary holds exactly what the primary holds"
        drained == 40
        dual.report().pending() == 0
        (1..39).every { secondary.read("app/k$it").get().value() == primary.read("app/k$it").get().value() }
        !secondary.read('app/k40').present
        secondary.read('app/k13').get().value().text() == "v13-$CANARY"
        secondary.read('app/k7').get().value().text() == "v7-updated-$CANARY"
    }

    def "the queue survives a restart: a new process drains what the old one owed"() {
        given:
        def primary = memory('primary')
        def secondaryStore = memory('secondary')
        def secondary = new OutageProvider(secondaryStore)
        secondary.down = true
        def store = StateStore.open(TestState.location(dir), JournalKey.loadOrCreate(dir.resolve('journal.key')))
        def first = new DualWriteProvider(primary, secondary, store.retryQueue('m1'))
        (1..5).each { put(first, "k$it", "value-$it-$CANARY") }
        store.close()

        when: "another process opens the queue and drains it"
        def second = new DualWriteProvider(primary, secondaryStore, state().retryQueue('m1'))
        int drained = second.drain()

        then:
        drained == 5
        (1..5).every { secondaryStore.read("k$it").get().value().text() == "value-$it-$CANARY" }
        second.report().pending() == 0
    }

    def "a write of a key that is still owed waits behind it, so the secondary never gets an older value last"() {
        given:
        def primary = memory('primary')
        def secondary = new OutageProvider(memory('secondary'))
        def dual = new DualWriteProvider(primary, secondary, state().retryQueue('order'))

        when: "the first write fails, the store comes back, and the key is written again before any drain"
        secondary.down = true
        put(dual, 'k', 'old')
        secondary.down = false
        put(dual, 'k', 'new')

        then: "the second write was queued rather than sent"
        !secondary.read('k').present
        dual.report().pending() == 1

        when:
        dual.drain()

        then:
        secondary.read('k').get().value().text() == 'new'
        dual.report().pending() == 0
    }

    def "a failed primary write is the caller's failure and reaches neither the secondary nor the queue"() {
        given:
        def primary = new OutageProvider(memory('primary'))
        def secondary = memory('secondary')
        def dual = new DualWriteProvider(primary, secondary, state().retryQueue('p'))
        primary.down = true

        when:
        put(dual, 'k', 'v')

        then:
        thrown(ProviderException)
        !secondary.read('k').present
        dual.report().pending() == 0
    }

    def "the background drainer empties the queue once the secondary is back"() {
        given:
        def primary = memory('primary')
        def secondary = new OutageProvider(memory('secondary'))
        def dual = new DualWriteProvider(primary, secondary, state().retryQueue('bg'))
        secondary.down = true
        (1..3).each { put(dual, "k$it", "v$it") }

        when:
        secondary.down = false
        dual.startDraining(java.time.Duration.ofMillis(20))
        def deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5)
        while (dual.report().pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20)
        }

        then:
        dual.report().pending() == 0
        (1..3).every { secondary.read("k$it").present }

        cleanup:
        dual.close()
        toClose.removeAll { it.is(primary) || it.is(secondary.inner) }
    }

    def "no value reaches the state store in clear, nor the report, even when the secondary quotes it in its error"() {
        given: "a secondary that quotes the refused value in its message"
        FlakyProviderFactory.reset()
        def flakyName = "echo-${UUID.randomUUID()}"
        def secondary = registry.open("flaky:${flakyName}?failKeys=db/password&kind=INVALID&echo=true", EngineFixture.context(dir))
        toClose << secondary
        def dual = new DualWriteProvider(memory('primary'), secondary, state().retryQueue('canary'))

        when:
        put(dual, 'db/password', CANARY)
        dual.drain()

        then:
        dual.report().pending() == 1
        dual.report().lastError().contains('db/password')
        !dual.report().lastError().contains(CANARY)
        !dual.queue().oldest(10).toString().contains(CANARY)

        when:
        toClose.each { if (it instanceof StateStore) it.close() }
        toClose.removeAll { it instanceof StateStore }
        def bytes = TestState.contents(dir)

        then:
        bytes.length() > 0
        !bytes.contains(CANARY)
    }
}
