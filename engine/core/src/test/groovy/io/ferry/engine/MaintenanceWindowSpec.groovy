package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.run.ProgressListener
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.runbook.Schedule
import io.ferry.secret.SecretRecord
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.SettableClock
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * Runs in maintenance windows: Sundays at 02:00 for two hours (2026-12-06 and 2026-12-13 are
 * Sundays). The clock stands still until the spec moves it: it closes the window when the first
 * batch of 20 records has been written.
 */
class MaintenanceWindowSpec extends Specification {

    static final String FIRST_WINDOW = '2026-12-06T02:00:00Z'
    static final String AFTER_FIRST_WINDOW = '2026-12-06T04:00:00Z'
    static final String NEXT_WINDOW = '2026-12-13T02:00:00Z'

    @TempDir
    Path dir

    SettableClock clock = new SettableClock(FIRST_WINDOW)
    /** Records written when the window is made to close; 0 to leave it open. */
    long closeAfter = 20
    /** The time the clock is moved to then. */
    String closeAt = AFTER_FIRST_WINDOW
    Ferry ferry
    List<SecretProvider> opened = []
    String src = "src-${UUID.randomUUID()}"
    String dst = "dst-${UUID.randomUUID()}"

    def setup() {
        ferry = Ferry.configure().workingDirectory(dir).state(TestState.text(dir)).journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(EngineFixture.context(dir)).actor('spec').clock(clock)
                .progress(new ProgressListener() {
                    @Override
                    void progress(String stage, long done, long total) {
                        if (stage == 'execution' && closeAfter > 0 && done >= closeAfter) {
                            clock.set(closeAt)
                        }
                    }
                })
                .load()
        def source = open("memory:$src")
        (1..50).each { source.write(SecretRecord.ofText(String.format('app/k%02d', it), "value-$it"), WriteCondition.upsert(), WriteOptions.none()) }
    }

    def cleanup() {
        opened.each { it.close() }
        ferry.close()
    }

    private SecretProvider open(String uri) {
        def p = ferry.open(uri)
        opened << p
        p
    }

    private Runbook windowed(double writesPerSecond = 0) {
        Runbook.builder().name('windowed').source("memory:$src").target("memory:$dst")
                .execution(new Execution(1, 0, OnError.STOP, 20, writesPerSecond))
                .schedule('0 2 * * 0', '2h').build()
    }

    private List<String> audit(String runId) {
        Files.readAllLines(dir.resolve(".ferry/audit/${runId}.jsonl"))
    }

    def "a run stops at the end of the batch when its window closes, and continues in the next window: nothing lost, nothing written twice"() {
        when: 'the first window closes once the first batch is written'
        def first = ferry.run(windowed())

        then: 'the run is paused with one whole batch written, the reason and the next window journaled'
        first.status() == RunStatus.PAUSED
        first.exitCode() == ExitCode.WINDOW_CLOSED
        first.count(ItemStatus.DONE) == 20
        first.count(ItemStatus.PENDING) == 30
        first.error().contains('closed at 2026-12-06T04:00:00Z with 20 of 50 records written')
        first.error().contains('the next window opens at 2026-12-13T02:00:00Z')
        ferry.run(first.runId()).status() == RunStatus.PAUSED
        open("memory:$dst").list('', null, 100).items().size() == 20

        when: 'the runbook is run again in the next window'
        clock.set(NEXT_WINDOW)
        closeAfter = 0
        def next = ferry.run(windowed())

        then: 'the same run continues and finishes'
        next.runId() == first.runId()
        next.status() == RunStatus.SUCCEEDED
        next.count(ItemStatus.DONE) == 50
        next.validation().matched() == 50
        ferry.runs().size() == 1

        and: 'every record was written once, none twice'
        def lines = audit(first.runId())
        lines.count { it.contains('"outcome":"written"') } == 50
        lines.findAll { it.contains('"outcome":"written"') }.collect { (it =~ /"key":"([^"]+)"/)[0][1] }.toSet().size() == 50
        lines.any { it.contains('"outcome":"paused"') }
    }

    def "outside its windows a scheduled runbook starts nothing and says when the next window opens"() {
        given:
        clock.set('2026-12-07T09:30:00Z')

        when:
        ferry.run(windowed())

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.WINDOW_CLOSED
        e.message == "runbook windowed writes in maintenance windows (cron '0 2 * * 0', window 2h) and none is open now; " +
                "the next opens at 2026-12-13T02:00:00Z; run ferry run windowed then, or now with --now"
        ferry.runs().isEmpty()
    }

    def "a paused run does not continue outside a window, and resume continues it inside one"() {
        given:
        def first = ferry.run(windowed())

        when: 'resumed before the next window'
        ferry.resume(first.runId())

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.WINDOW_CLOSED
        e.message.startsWith("run ${first.runId()} writes in maintenance windows")
        ferry.run(first.runId()).status() == RunStatus.PAUSED

        when: 'resumed in it'
        clock.set(NEXT_WINDOW)
        closeAfter = 0
        def resumed = ferry.resume(first.runId())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        resumed.count(ItemStatus.DONE) == 50
    }

    def "a record whose source changed while the run was paused is planned again and reported by key and fingerprint, never by value"() {
        given: 'a run paused after its first batch'
        def first = ferry.run(windowed())
        def source = open("memory:$src")

        when: 'a record it has not written yet changes in the source, and the run continues'
        source.write(SecretRecord.ofText('app/k45', 'changed-between-windows'), WriteCondition.upsert(), WriteOptions.none())
        clock.set(NEXT_WINDOW)
        closeAfter = 0
        def next = ferry.run(windowed())

        then: 'the target holds the new value'
        next.status() == RunStatus.SUCCEEDED
        open("memory:$dst").read('app/k45').get().value().text() == 'changed-between-windows'

        and: 'one line says so, with the key and its fingerprint'
        def replanned = audit(first.runId()).findAll { it.contains('planned again: the source changed while the run was paused') }
        replanned.size() == 1
        replanned[0].contains('"key":"app/k45"')
        replanned[0] =~ /"fingerprint":"[^"]+"/
        !audit(first.runId()).any { it.contains('changed-between-windows') || it.contains('value-45') }

        and: 'the records that did not change were not planned again'
        ferry.items(first.runId(), null, 0, 100).size() == 50
    }

    def "a paused run can be rolled back: what its windows wrote is undone"() {
        given:
        def first = ferry.run(windowed())

        when:
        def undone = ferry.rollback(first.runId())

        then:
        undone.status() == RunStatus.ROLLED_BACK
        undone.rollback().restored() == 20
        open("memory:$dst").list('', null, 100).items().isEmpty()
    }

    def "a window shorter than one batch takes is refused before anything is planned"() {
        when: 'twenty records at the runbook cap of 0.001 writes a second take over five hours; the window is 2 hours'
        ferry.run(windowed(0.001))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == "the maintenance window of 2h is shorter than one batch of 20 records takes (about 333 min at the runbook's " +
                "cap of 0.001 writes/s); widen the window, or lower execution batchSize to fit it"
        ferry.runs().isEmpty()
    }

    def "the estimate of a windowed plan says how many windows the writes need"() {
        given: '50 records in batches of 20 at 0.005 writes a second: a batch takes 4000 s, so one batch fits in 2 hours'
        def planned = ferry.plan(windowed(0.005))

        when:
        def estimate = ferry.estimate(planned.runId())

        then:
        estimate.windows().schedule() == "cron '0 2 * * 0', window 2h"
        estimate.windows().count() == 3
    }

    def "a window given when the run starts pauses the run at its end, and another continues it"() {
        given:
        def adHoc = Runbook.builder().name('now').source("memory:$src").target("memory:$dst")
                .execution(new Execution(1, 0, OnError.STOP, 20, 0)).schedule(Schedule.adHoc(Duration.ofMinutes(30))).build()
        clock.set('2026-12-08T10:00:00Z')
        closeAt = '2026-12-08T10:30:00Z'

        when:
        def first = ferry.run(adHoc)

        then:
        first.status() == RunStatus.PAUSED
        first.count(ItemStatus.DONE) == 20
        first.error().endsWith("continue it with: ferry resume ${first.runId()} --window 30m")

        when:
        closeAfter = 0
        def resumed = ferry.resume(first.runId(), Duration.ofMinutes(30))

        then:
        resumed.status() == RunStatus.SUCCEEDED
        resumed.count(ItemStatus.DONE) == 50
    }

    def "ferry migrate continues a paused runbook in the next window and records it applied only then"() {
        given:
        def runbooks = Files.createDirectories(dir.resolve('runbooks'))
        Files.writeString(runbooks.resolve('V1__windowed.groovy'), """\
            runbook {
                source 'memory:$src'
                target 'memory:$dst'
                schedule cron: '0 2 * * 0', window: '2h'
                execution { batchSize 20 }
            }
            """.stripIndent())

        when:
        def first = ferry.migrations(runbooks).migrate(null)

        then: 'paused, with no history row: still pending'
        first.exitCode() == ExitCode.WINDOW_CLOSED
        first.error().startsWith('V1__windowed.groovy paused (run ')
        ferry.migrations(runbooks).info()[0].state().name() == 'PENDING'

        when:
        clock.set(NEXT_WINDOW)
        closeAfter = 0
        def next = ferry.migrations(runbooks).migrate(null)

        then:
        next.exitCode() == ExitCode.SUCCESS
        next.applied()[0].result().runId() == first.applied()[0].result().runId()
        next.applied()[0].result().status() == RunStatus.SUCCEEDED
        ferry.migrations(runbooks).info()[0].state().name() == 'APPLIED'
    }

    def "a .jsh runbook with a schedule pauses and continues like a Groovy one"() {
        given:
        def file = dir.resolve('V2__windowed.jsh')
        Files.writeString(file, """\
            var runbook = builder()
                    .source("memory:$src").target("memory:$dst")
                    .execution(new Execution(1, 0, OnError.STOP, 20, 0))
                    .schedule("0 2 * * 0", "2h")
                    .build();
            """.stripIndent())

        when:
        def first = ferry.run(ferry.load(file))

        then:
        first.status() == RunStatus.PAUSED

        when:
        clock.set(NEXT_WINDOW)
        closeAfter = 0
        def next = ferry.run(ferry.load(file))

        then:
        next.runId() == first.runId()
        next.status() == RunStatus.SUCCEEDED
    }
}
