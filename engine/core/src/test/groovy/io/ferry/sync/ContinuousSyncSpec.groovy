package io.ferry.sync

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.state.PassStatus
import io.ferry.secret.SecretRecord
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import io.ferry.support.TestState
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant

class ContinuousSyncSpec extends Specification {

    static final String CANARY = 'CANARY-sync-4e21'

    @TempDir
    Path dir

    @AutoCleanup
    EngineFixture engine

    def setup() {
        engine = new EngineFixture(dir)
    }

    Path runbook(String source, String target) {
        def file = dir.resolve('V1__sync.groovy')
        java.nio.file.Files.writeString(file, """
            runbook {
                source '${source}'
                target '${target}'
                planning { onExisting 'update' }
            }
        """)
        file
    }

    static void put(SecretProvider p, String key, String value) {
        p.write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    ContinuousSync start(Path file, boolean propagate) {
        def sync = engine.ferry.startSync(engine.ferry.load(file), Duration.ofMinutes(5), propagate, SyncListener.NONE)
        engine.opened << sync
        sync
    }

    def "a #kind source: a pass copies only what changed since the last one, and a deletion when asked"() {
        given:
        def source = engine.open(sourceUri)
        put(source, 'app/a', "a1-$CANARY")
        put(source, 'app/b', "b1-$CANARY")
        put(source, 'app/c', "c1-$CANARY")
        def sync = start(runbook(sourceUri, 'local:target.db'), true)
        def target = engine.open('local:target.db')

        when: "the first pass copies everything"
        def first = sync.pass()

        then:
        first.mode() == 'compare'
        first.changed() == 3
        first.complete()
        target.read('app/a').get().value().text() == "a1-$CANARY"

        when: "nothing changed"
        def idle = sync.pass()

        then: "the next pass finds nothing and runs no copy"
        idle.mode() == secondMode
        idle.changed() == 0
        idle.runId() == null

        when: "the source changes between passes"
        put(source, 'app/b', "b2-$CANARY")
        put(source, 'app/d', "d1-$CANARY")
        source.delete('app/c', null)
        def third = sync.pass()

        then: "only the changes are copied, and the deletion is carried over"
        third.mode() == secondMode
        third.changed() == 2
        third.deleted() == 1
        third.complete()
        engine.ferry.items(third.runId(), null, 0, 100)*.sourceKey().sort() == ['app/b', 'app/d']
        target.read('app/b').get().value().text() == "b2-$CANARY"
        target.read('app/d').get().value().text() == "d1-$CANARY"
        !target.read('app/c').present
        target.read('app/a').get().value().text() == "a1-$CANARY"

        and: "every pass is journaled under the sync"
        engine.ferry.syncPasses(sync.id())*.pass() == [1L, 2L, 3L]
        engine.ferry.syncPasses(sync.id())*.status() == [PassStatus.DONE, PassStatus.DONE, PassStatus.DONE]

        where:
        kind             | sourceUri                                   || secondMode
        'change-feed'    | "memory:feed-${UUID.randomUUID()}"          || 'changes'
        'version-marked' | 'local:source.db'                           || 'compare'
    }

    def "deletions stay in the target unless propagation is asked for"() {
        given:
        def sourceUri = "memory:nodelete-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        put(source, 'k1', 'v1')
        put(source, 'k2', 'v2')
        def sync = start(runbook(sourceUri, 'local:target.db'), false)
        def target = engine.open('local:target.db')
        sync.pass()

        when:
        source.delete('k1', null)
        def pass = sync.pass()

        then:
        pass.deleted() == 0
        target.read('k1').present
    }

    def "a change feed that has forgotten the cursor (410 Gone) makes the pass list everything again, and nothing is lost"() {
        given: "a source whose feed keeps only its last 2 changes"
        def sourceUri = "memory:expiring-${UUID.randomUUID()}?changeLog=2"
        def source = engine.open(sourceUri)
        (1..3).each { put(source, "k$it", "v$it") }
        def sync = start(runbook(sourceUri, 'local:target.db'), true)
        def target = engine.open('local:target.db')
        sync.pass()

        when: "more changes happen between passes than the feed keeps"
        put(source, 'k1', "k1-new-$CANARY")
        put(source, 'k4', "k4-$CANARY")
        put(source, 'k5', "k5-$CANARY")
        source.delete('k2', null)
        def pass = sync.pass()

        then: "the pass compares the whole source instead and copies every change"
        pass.mode() == 'compare (cursor expired)'
        pass.changed() == 3
        pass.deleted() == 1
        target.read('k1').get().value().text() == "k1-new-$CANARY"
        target.read('k4').present
        target.read('k5').present
        !target.read('k2').present
        target.read('k3').get().value().text() == 'v3'

        when: "the next change is read from the feed again, from a fresh cursor"
        put(source, 'k3', 'v3-new')
        def next = sync.pass()

        then:
        next.mode() == 'changes'
        next.changed() == 1
        target.read('k3').get().value().text() == 'v3-new'
    }

    def "a record whose copy failed is copied by the next pass"() {
        given: "a target that refuses k2 once, for good"
        FlakyProviderFactory.reset()
        def sourceUri = "memory:retry-${UUID.randomUUID()}"
        def targetName = "retry-target-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        put(source, 'k1', 'v1')
        put(source, 'k2', 'v2')
        def sync = start(runbook(sourceUri, "flaky:${targetName}?failKeys=k2&kind=INVALID&times=1"), true)
        def target = engine.open("memory:${targetName}")

        when:
        def first = sync.pass()

        then:
        !first.complete()
        first.error().contains('1 changed records were not copied')
        !target.read('k2').present

        when:
        def second = sync.pass()

        then:
        second.complete()
        second.changed() == 1
        target.read('k2').get().value().text() == 'v2'
    }

    def "a paused sync runs no pass until it is resumed"() {
        given:
        def sourceUri = "memory:pause-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        put(source, 'k1', 'v1')
        def heard = []
        def file = runbook(sourceUri, 'local:target.db')
        def sync = engine.ferry.startSync(engine.ferry.load(file), Duration.ofMinutes(5), true, new SyncListener() {
            void passed(SyncPass pass) { heard << "pass ${pass.pass()}" }
            void paused() { heard << 'paused' }
        })
        engine.opened << sync

        when:
        engine.ferry.pauseSync(sync.id(), true)
        sync.run(true)

        then:
        heard == ['paused']
        engine.ferry.syncPasses(sync.id()).isEmpty()
        engine.ferry.sync(sync.id()).paused()

        when:
        engine.ferry.pauseSync(sync.id(), false)
        sync.run(true)

        then:
        heard == ['paused', 'pass 1']
        engine.open('local:target.db').read('k1').present
    }

    def "a sync can be continued in another process from its journal"() {
        given:
        def sourceUri = "memory:cont-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        put(source, 'k1', 'v1')
        def sync = start(runbook(sourceUri, 'local:target.db'), true)
        sync.pass()
        put(source, 'k2', 'v2')
        def heldWhileRunning = syncLease(sync.id())
        sync.close()

        when:
        def again = engine.ferry.continueSync(sync.id().substring(0, 12), SyncListener.NONE)
        engine.opened << again
        def pass = again.pass()

        then:
        again.id() == sync.id()
        pass.pass() == 2
        pass.mode() == 'changes'
        pass.changed() == 1
        heldWhileRunning.pid == ProcessHandle.current().pid()
        syncLease(sync.id()).pid == ProcessHandle.current().pid()

        when:
        again.close()

        then: 'the lease is given up with the sync'
        syncLease(sync.id()) == null
    }

    def "a sync another host runs is left to it: resume names that process, and continuing waits for its lease to run out"() {
        given: 'a sync, and a lease on it that a process on another host holds for ten more minutes'
        def sourceUri = "memory:away-${UUID.randomUUID()}"
        put(engine.open(sourceUri), 'k1', 'v1')
        def sync = start(runbook(sourceUri, 'local:target.db'), true)
        sync.pass()
        sync.close()
        def expires = Instant.ofEpochMilli(Instant.now().plusSeconds(600).toEpochMilli())
        holdSyncLease(sync.id(), 4242, 'build-host-7', expires)

        when:
        def runner = engine.ferry.syncRunningElsewhere(sync.id())
        engine.ferry.continueSync(sync.id(), SyncListener.NONE)

        then:
        runner == Optional.of('process 4242 on build-host-7')
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == "sync ${sync.id()} runs in process 4242 on build-host-7, whose lease on it expires at $expires; " +
                'it goes on there, or if that process is gone for good, repeat the command with --force'
        syncLease(sync.id()) == [pid: 4242L, host: 'build-host-7']

        when: 'its lease runs out'
        expireSyncLease(sync.id())
        def again = engine.ferry.continueSync(sync.id(), SyncListener.NONE)
        engine.opened << again

        then:
        engine.ferry.syncRunningElsewhere(sync.id()).isEmpty()
        again.pass().complete()
        syncLease(sync.id()).pid == ProcessHandle.current().pid()
    }

    private void holdSyncLease(String syncId, long pid, String host, Instant expires) {
        TestState.holdLease(dir, "sync:$syncId".toString(), pid, host, expires)
    }

    private void expireSyncLease(String syncId) {
        TestState.connect(dir).withCloseable { c ->
            def st = c.prepareStatement('UPDATE ferry_leases SET expires_ms = 0 WHERE name = ?')
            st.setString(1, "sync:$syncId".toString())
            st.executeUpdate()
        }
    }

    private Map syncLease(String syncId) {
        TestState.connect(dir).withCloseable { c ->
            def st = c.prepareStatement('SELECT pid, host FROM ferry_leases WHERE name = ?')
            st.setString(1, "sync:$syncId".toString())
            def rs = st.executeQuery()
            rs.next() ? [pid: rs.getLong(1), host: rs.getString(2)] : null
        }
    }

    def "a pass whose source cannot be read fails alone, journaled, and the sync goes on"() {
        given: "a source store locked with another passphrase"
        def other = new io.ferry.spi.ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: 'another passphrase entirely'],
                io.ferry.spi.ProviderContext.PassphraseSource.none())
        io.ferry.spi.ProviderRegistry.load().open('local:locked.db', other).withCloseable { put(it, 'k', 'v') }
        def sync = start(runbook('local:locked.db', 'local:target.db'), true)

        when:
        def pass = sync.pass()

        then:
        !pass.complete()
        pass.runId() == null
        engine.ferry.syncPasses(sync.id())*.status() == [PassStatus.FAILED]
        engine.ferry.syncPasses(sync.id())[0].error() == pass.error()
    }

    def "a sync from a local store that does not exist fails its pass and creates no store"() {
        given:
        def sync = start(runbook('local:missing.db', 'local:target.db'), true)

        when:
        def pass = sync.pass()

        then:
        !pass.complete()
        pass.error().contains("there is no local store at ${dir.resolve('missing.db')}")
        engine.ferry.syncPasses(sync.id())*.status() == [PassStatus.FAILED]
        !Files.exists(dir.resolve('missing.db'))
    }

    def "nothing a sync keeps holds a value in clear"() {
        given:
        def sourceUri = "memory:canary-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        put(source, 'db/password', CANARY)
        def sync = start(runbook(sourceUri, 'local:target.db'), true)
        sync.pass()
        put(source, 'db/password', "${CANARY}-rotated")
        sync.pass()

        expect:
        engine.open('local:target.db').read('db/password').get().value().text() == "${CANARY}-rotated"
        !engine.allBytes().contains(CANARY)
    }
}
