package io.ferry.provider.kubernetes

import io.ferry.api.Ferry
import io.ferry.spi.pacing.Backoff
import io.ferry.state.Action
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.spi.pacing.Backoff
import io.ferry.state.PassStatus
import io.ferry.sync.ContinuousSync
import io.ferry.sync.SyncListener
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Continuous sync from a k8s: source to a memory: target, driven through {@link Ferry} as a user
 * drives it: passes follow the namespace by watch events, and a watch that expires (410) makes the
 * pass list everything again without losing a change.
 */
class KubernetesSyncSpec extends Specification {

    static final String CANARY = 'CANARY-k8s-sync-7c19'

    @TempDir
    Path dir

    @AutoCleanup
    MockCluster cluster = new MockCluster()

    Ferry ferry
    final List<AutoCloseable> opened = []

    def setup() {
        ferry = Ferry.configure()
                .workingDirectory(dir)
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, MockCluster.environment(), ProviderContext.PassphraseSource.none()))
                .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                .actor('spec')
                .load()
    }

    def cleanup() {
        opened.reverse().each { it.close() }
        ferry?.close()
    }

    SecretProvider open(String uri) {
        def p = ferry.open(uri)
        opened << p
        p
    }

    ContinuousSync start(String source, String target) {
        def file = dir.resolve('V1__sync.groovy')
        Files.writeString(file, """
            runbook {
                source '${source}'
                target '${target}'
                planning { onExisting 'update' }
            }
        """)
        def sync = ferry.startSync(ferry.load(file), Duration.ofMinutes(5), true, SyncListener.NONE)
        opened << sync
        sync
    }

    static void put(SecretProvider p, String key, String value) {
        p.write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    static Map<String, String> contents(SecretProvider p) {
        p.stream('', 100).iterator().collectEntries { [(it.key()): p.read(it.key()).get().value().text()] }
    }

    def "a Kubernetes source is followed by watch events, and a watch that expires (410) re-lists and loses nothing"() {
        given:
        def sourceUri = cluster.uri('payments')
        def targetUri = "memory:k8s-sync-${UUID.randomUUID()}"
        def source = open(sourceUri)
        put(source, 'a', "a1-$CANARY")
        put(source, 'b', "b1-$CANARY")
        put(source, 'c', "c1-$CANARY")
        def sync = start(sourceUri, targetUri)
        def target = open(targetUri)

        when: 'the first pass lists the source and copies it all'
        def first = sync.pass()

        then:
        first.mode() == 'compare'
        first.changed() == 3
        first.complete()
        contents(target) == contents(source)

        when: 'the source changes; the next pass reads the changes from a watch'
        put(source, 'b', "b2-$CANARY")
        put(source, 'd', "d1-$CANARY")
        def second = sync.pass()

        then:
        second.mode() == 'changes'
        second.changed() == 2
        second.complete()
        ferry.items(second.runId(), null, 0, 100)*.sourceKey().sort() == ['b', 'd']
        contents(target) == contents(source)

        when: 'more changes, then the server forgets the history the sync\'s cursor points into'
        put(source, 'a', "a2-$CANARY")
        source.delete('c', null)
        put(source, 'e', "e1-$CANARY")
        cluster.proxy.compact()
        def third = sync.pass()

        then: 'the watch answers 410, the pass lists everything again and copies every change, the deletion too'
        third.mode() == 'compare (cursor expired)'
        third.deleted() == 1
        third.complete()

        and: 'the keys the watch brought are compared again (it gives no versions to compare with), and found unchanged'
        third.changed() == 4
        ferry.items(third.runId(), null, 0, 100).collectEntries { [(it.sourceKey()): it.action()] } ==
                [a: Action.UPDATE, b: Action.UNCHANGED, d: Action.UNCHANGED, e: Action.CREATE]

        and:
        contents(target) == contents(source)
        contents(target) == [a: "a2-$CANARY", b: "b2-$CANARY", d: "d1-$CANARY", e: "e1-$CANARY"] as Map<String, String>

        when: 'the next change is read from a watch again, from the cursor taken before that listing'
        source.delete('d', null)
        put(source, 'f', "f1-$CANARY")
        def fourth = sync.pass()

        then:
        fourth.mode() == 'changes'
        fourth.changed() == 1
        fourth.deleted() == 1
        contents(target) == contents(source)

        and: 'every pass is journaled, and nothing the sync keeps holds a value in clear'
        ferry.syncPasses(sync.id())*.status() == [PassStatus.DONE] * 4
        !allBytes().contains(CANARY)
    }

    String allBytes() {
        def sb = new StringBuilder()
        Files.walk(dir).withCloseable { s ->
            s.filter { Files.isRegularFile(it) }.forEach { sb.append(new String(Files.readAllBytes(it), 'ISO-8859-1')) }
        }
        sb.toString()
    }
}
