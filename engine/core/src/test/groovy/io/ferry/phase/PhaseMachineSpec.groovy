package io.ferry.phase

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.monitor.MonitorListener
import io.ferry.secret.SecretRecord
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.JournalKey
import io.ferry.state.PhaseJournal
import io.ferry.state.RetryQueue
import io.ferry.state.StateStore
import io.ferry.support.EngineFixture
import io.ferry.support.TestState
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant

class PhaseMachineSpec extends Specification {

    @TempDir
    Path dir

    @AutoCleanup
    EngineFixture engine

    String sourceUri = "memory:phase-${UUID.randomUUID()}"

    def setup() {
        engine = new EngineFixture(dir)
        def source = engine.open(sourceUri)
        (1..20).each { put(source, "k$it", "v$it") }
    }

    static void put(SecretProvider p, String key, String value) {
        p.write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    String migrate(String monitoring = "shadowRead every: '50ms', during: '150ms'; minMatchRate 0.95") {
        def file = dir.resolve('V1__phased.groovy')
        Files.writeString(file, """
            runbook {
                source '${sourceUri}'
                target 'local:target.db'
                monitoring { ${monitoring} }
            }
        """)
        engine.ferry.run(engine.ferry.load(file)).runId()
    }

    /** A second connection to the engine's state store, as an application embedding dual-write would hold. */
    StateStore sideStore() {
        StateStore.open(TestState.location(dir), JournalKey.loadOrCreate(dir.resolve('keys/journal.key')))
    }

    def "a migration starts in copying and shows its evidence"() {
        given:
        def runId = migrate()

        when:
        def e = engine.ferry.phase(runId)

        then:
        e.phase() == Phase.COPYING
        e.copyDone()
        e.copy() == "run $runId is SUCCEEDED"
        e.minMatchRate() == 0.95d
        e.window() == Duration.ofMillis(150)
        e.pendingRetries() == 0
        e.lastCheck() == null
        e.history()*.to() == ['COPYING']
    }

    def "the phases are passed one at a time, each through its gate, up to complete"() {
        given:
        def runId = migrate()

        when:
        engine.ferry.phase(runId, Phase.DUAL_WRITE)
        engine.ferry.phase(runId, Phase.SHADOW_READ)
        def watch = engine.ferry.monitor(runId, MonitorListener.NONE)
        def cut = engine.ferry.phase(runId, Phase.CUTOVER)
        engine.ferry.phase(runId, Phase.COMPLETE)

        then:
        watch.passed()
        cut.reason().startsWith('the shadow-read match rate held at or above 0.9500 for 150ms (lowest 1.0000 over ')
        engine.ferry.phase(runId).phase() == Phase.COMPLETE
        engine.ferry.phase(runId).history()*.to() == ['COPYING', 'DUAL_WRITE', 'SHADOW_READ', 'CUTOVER', 'COMPLETE']
    }

    def "cutover is refused, with the reason, while the shadow-read match rate is below the runbook's threshold"() {
        given: "a migration in shadow-read whose target drifted"
        def runId = migrate()
        engine.ferry.phase(runId, Phase.DUAL_WRITE)
        engine.ferry.phase(runId, Phase.SHADOW_READ)
        def target = engine.open('local:target.db')
        put(target, 'k1', 'drifted')
        put(target, 'k2', 'drifted')
        def watch = engine.ferry.monitor(runId, MonitorListener.NONE)

        when:
        engine.ferry.phase(runId, Phase.CUTOVER)

        then:
        !watch.passed()
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.VALIDATION_FAILED
        e.message == "cannot move $runId from shadow-read to cutover: the shadow-read match rate fell to 0.9000 in the last 150ms (1 checks, 0.9000 overall), below the runbook's 0.9500"
        engine.ferry.phase(runId).phase() == Phase.SHADOW_READ
    }

    def "cutover is refused until the checks cover the whole window, and allowed once they held for it"() {
        given:
        def runId = migrate("shadowRead every: '1m', during: '1h'; minMatchRate 0.999")
        engine.ferry.phase(runId, Phase.DUAL_WRITE)
        engine.ferry.phase(runId, Phase.SHADOW_READ)
        def side = sideStore()
        def checks = side.phases()
        def start = Instant.now().minus(Duration.ofHours(2))

        when: "checks cover half an hour"
        (0..30).each { checks.recordCheck(runId, new PhaseJournal.Check(start.plus(Duration.ofMinutes(it)), 1000, 1000, 0, 0)) }
        engine.ferry.phase(runId, Phase.CUTOVER)

        then:
        def short1 = thrown(FerryException)
        short1.message.endsWith("the shadow-read checks cover 30m of the required 1h; keep monitoring: ferry monitor $runId")

        when: "they go on to cover the hour, one check dipping below the bar"
        (31..60).each { checks.recordCheck(runId, new PhaseJournal.Check(start.plus(Duration.ofMinutes(it)), 1000, it == 45 ? 998 : 1000, it == 45 ? 2 : 0, 0)) }
        engine.ferry.phase(runId, Phase.CUTOVER)

        then:
        def dipped = thrown(FerryException)
        dipped.message.contains('the shadow-read match rate fell to 0.9980 in the last 1h (61 checks')

        when: "another full hour holds the bar"
        (61..120).each { checks.recordCheck(runId, new PhaseJournal.Check(start.plus(Duration.ofMinutes(it)), 1000, 1000, 0, 0)) }
        def gate = engine.ferry.phase(runId, Phase.CUTOVER)

        then:
        gate.reason() == 'the shadow-read match rate held at or above 0.9990 for 1h (lowest 1.0000 over 61 checks)'
        engine.ferry.phase(runId).windowMatchRate() == 1.0d

        cleanup:
        side?.close()
    }

    def "shadow-read waits until dual-write owes nothing"() {
        given:
        def runId = migrate()
        engine.ferry.phase(runId, Phase.DUAL_WRITE)
        def side = sideStore()
        def queue = side.retryQueue('app')
        queue.enqueueWrite(SecretRecord.ofText('k1', 'v'), 'store down')

        when:
        engine.ferry.phase(runId, Phase.SHADOW_READ)

        then:
        def e = thrown(FerryException)
        e.message == "cannot move $runId from dual-write to shadow-read: dual-write still owes the new store 1 writes; wait for its queue to drain"
        engine.ferry.phase(runId).pendingRetries() == 1

        when:
        queue.settled(queue.oldest(1)[0])
        engine.ferry.phase(runId, Phase.SHADOW_READ)

        then:
        engine.ferry.phase(runId).phase() == Phase.SHADOW_READ

        cleanup:
        side?.close()
    }

    def "a phase cannot be skipped, and nothing leaves a final phase"() {
        given:
        def runId = migrate()

        when:
        engine.ferry.phase(runId, Phase.CUTOVER)

        then:
        def skipped = thrown(FerryException)
        skipped.exitCode() == ExitCode.USAGE
        skipped.message == "cannot move $runId from copying to cutover: from copying the next phase is dual-write (or rolled-back); phases are passed one at a time"
    }

    def "rollback is possible from every phase before complete, and undoes what the run wrote"() {
        given:
        def runId = migrate()
        steps.each { engine.ferry.phase(runId, it) }

        when:
        engine.ferry.phase(runId, Phase.ROLLED_BACK)

        then:
        engine.ferry.phase(runId).phase() == Phase.ROLLED_BACK
        engine.ferry.run(runId).status() == io.ferry.state.RunStatus.ROLLED_BACK
        !engine.open('local:target.db').read('k1').present

        when:
        engine.ferry.phase(runId, Phase.DUAL_WRITE)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message.endsWith('is rolled-back, which is final')

        where:
        steps << [[], [Phase.DUAL_WRITE], [Phase.DUAL_WRITE, Phase.SHADOW_READ]]
    }

    def "a completed migration cannot be rolled back"() {
        given:
        def runId = migrate()
        engine.ferry.phase(runId, Phase.DUAL_WRITE)
        engine.ferry.phase(runId, Phase.SHADOW_READ)
        engine.ferry.monitor(runId, MonitorListener.NONE)
        engine.ferry.phase(runId, Phase.CUTOVER)
        engine.ferry.phase(runId, Phase.COMPLETE)

        when:
        engine.ferry.phase(runId, Phase.ROLLED_BACK)

        then:
        def e = thrown(FerryException)
        e.message.endsWith('is complete, which is final')
        engine.open('local:target.db').read('k1').present
    }

    def "a sync is a migration too: its passes are the copy, and rolling it back undoes every pass"() {
        given:
        def file = dir.resolve('V2__synced.groovy')
        Files.writeString(file, "runbook { source '${sourceUri}'; target 'local:synced.db' }")
        def sync = engine.ferry.startSync(engine.ferry.load(file), Duration.ofMinutes(5), false, io.ferry.sync.SyncListener.NONE)
        engine.opened << sync
        sync.pass()
        put(engine.open(sourceUri), 'k21', 'v21')
        sync.pass()

        when:
        def e = engine.ferry.phase(sync.id())
        engine.ferry.phase(sync.id(), Phase.ROLLED_BACK)

        then:
        e.copyDone()
        e.copy() == "sync ${sync.id()}: 2 passes, the last (2) done"
        engine.ferry.sync(sync.id()).paused()
        !engine.open('local:synced.db').read('k1').present
        !engine.open('local:synced.db').read('k21').present
    }
}
