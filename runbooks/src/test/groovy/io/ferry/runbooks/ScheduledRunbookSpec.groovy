package io.ferry.runbooks

import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.run.ProgressListener
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset

/**
 * Runs the example runbook that copies in maintenance windows through its success, failure and
 * rollback paths. Time passes only when the spec moves the clock: the first window closes once its
 * first batch is written (2026-12-06 and 2026-12-13 are Sundays).
 */
class ScheduledRunbookSpec extends Specification {

    static final Path RUNBOOK = Path.of(System.getProperty('ferry.runbooks', '.')).resolve('scheduled_payments_archive.groovy')

    @TempDir
    Path dir

    Instant now = Instant.parse('2026-12-06T02:00:00Z')
    long closeAfter = 20
    Ferry ferry

    def setup() {
        def spec = this
        Clock clock = new Clock() {
            ZoneId getZone() { ZoneOffset.UTC }
            Clock withZone(ZoneId zone) { throw new UnsupportedOperationException('windows are read in UTC here') }
            Instant instant() { spec.now }
        }
        ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: 'examples'], ProviderContext.PassphraseSource.none()))
                .clock(clock)
                .progress(new ProgressListener() {
                    @Override
                    void progress(String stage, long done, long total) {
                        if (stage == 'execution' && closeAfter > 0 && done >= closeAfter) {
                            spec.now = Instant.parse('2026-12-06T04:00:00Z')
                        }
                    }
                })
                .load()
        def payments = ferry.open('local:payments.db')
        (1..45).each { payments.write(SecretRecord.ofText(String.format('payments/card-%02d', it), "pan-$it"), WriteCondition.createOnly(), WriteOptions.none()) }
        payments.close()
    }

    def cleanup() {
        ferry.close()
    }

    private int archived() {
        def archive = ferry.open('local:payments-archive.db')
        try {
            archive.list('', null, 100).items().size()
        } finally {
            archive.close()
        }
    }

    def "the copy pauses when its Sunday window closes and finishes in the next one"() {
        when:
        def first = ferry.run(ferry.load(RUNBOOK))

        then: 'one batch written in the first window'
        first.status() == RunStatus.PAUSED
        first.exitCode() == ExitCode.WINDOW_CLOSED
        first.count(ItemStatus.DONE) == 20
        first.error().contains('the next window opens at 2026-12-13T02:00:00Z')
        archived() == 20

        when: 'run again in the next window, with a record changed in between'
        def payments = ferry.open('local:payments.db')
        payments.write(SecretRecord.ofText('payments/card-40', 'pan-40-reissued'), WriteCondition.upsert(), WriteOptions.none())
        payments.close()
        now = Instant.parse('2026-12-13T02:00:00Z')
        closeAfter = 0
        def next = ferry.run(ferry.load(RUNBOOK))

        then: 'the same run finishes, with the changed record as it is now'
        next.runId() == first.runId()
        next.status() == RunStatus.SUCCEEDED
        next.count(ItemStatus.DONE) == 45
        archived() == 45
        def archive = ferry.open('local:payments-archive.db')
        archive.read('payments/card-40').get().value().text() == 'pan-40-reissued'
        Files.readAllLines(next.auditFile()).count { it.contains('planned again: the source changed') && it.contains('payments/card-40') } == 1

        cleanup:
        archive?.close()
    }

    def "outside its windows the copy starts nothing and says when the next window opens"() {
        given:
        now = Instant.parse('2026-12-09T12:00:00Z')

        when:
        ferry.run(ferry.load(RUNBOOK))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.WINDOW_CLOSED
        e.message.contains('the next opens at 2026-12-13T02:00:00Z')
        ferry.runs().isEmpty()
    }

    def "a paused copy is rolled back between its windows"() {
        given:
        def first = ferry.run(ferry.load(RUNBOOK))

        when:
        def undone = ferry.rollback(first.runId())

        then:
        undone.status() == RunStatus.ROLLED_BACK
        undone.rollback().restored() == 20
        archived() == 0
    }
}
