package io.ferry.cli

import io.ferry.api.Ferry
import io.ferry.run.ProgressListener
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit

/**
 * What {@code ferry schedule} does in the foreground, on a clock that moves only when the spec says:
 * the wait for a window moves it to the window's opening, and each window closes once 20 records
 * are written in it. Sundays at 02:00 for two hours; 2026-12-06, 13 and 20 are Sundays.
 */
class WindowLoopSpec extends Specification {

    @TempDir
    Path dir

    Instant now = Instant.parse('2026-12-05T10:00:00Z')
    Clock clock
    Ferry ferry

    def setup() {
        def spec = this
        clock = new Clock() {
            ZoneId getZone() { ZoneOffset.UTC }
            Clock withZone(ZoneId zone) { throw new UnsupportedOperationException('windows are read in UTC here') }
            Instant instant() { spec.now }
        }
        ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none()))
                .clock(clock)
                .progress(new ProgressListener() {
                    @Override
                    void progress(String stage, long done, long total) {
                        if (stage == 'execution' && done >= 20) {
                            spec.now = spec.now.truncatedTo(ChronoUnit.DAYS).plus(4, ChronoUnit.HOURS)
                        }
                    }
                })
                .load()
    }

    def cleanup() {
        ferry.close()
    }

    def "it waits for each window, continues the paused run in it, and ends with the run"() {
        given: '50 records, 20 a batch: one batch a window'
        def src = "memory:loop-src-${UUID.randomUUID()}"
        def source = ferry.open(src)
        (1..50).each { source.write(SecretRecord.ofText("k$it", "v$it"), WriteCondition.createOnly(), WriteOptions.none()) }
        source.close()
        def rb = Runbook.builder().name('loop').source(src).target("memory:loop-dst-${UUID.randomUUID()}")
                .execution(new Execution(1, 0, OnError.STOP, 20, 0)).schedule('0 2 * * 0', '2h').build()
        def waits = []
        def paused = []
        def out = new StringWriter()
        def loop = new WindowLoop(rb.schedule(), clock, { Instant when -> waits << when; now = when; true } as WindowLoop.Waiter,
                new PrintWriter(out))

        when:
        def result = loop.run({ ferry.run(rb) }, { paused << it })

        then: 'three windows: none open at first, then two pauses, then the end'
        waits == ['2026-12-06T02:00:00Z', '2026-12-13T02:00:00Z', '2026-12-20T02:00:00Z'].collect { Instant.parse(it) }
        paused*.status() == [RunStatus.PAUSED, RunStatus.PAUSED]
        paused*.count(ItemStatus.DONE) == [20L, 40L]
        result.status() == RunStatus.SUCCEEDED
        result.count(ItemStatus.DONE) == 50
        result.runId() == paused[0].runId()
        out.toString().readLines() == ['waiting for the next window, at 2026-12-06T02:00:00Z (Ctrl-C stops)',
                                       'waiting for the next window, at 2026-12-13T02:00:00Z (Ctrl-C stops)',
                                       'waiting for the next window, at 2026-12-20T02:00:00Z (Ctrl-C stops)']
    }

    def "a wait stopped by Ctrl-C ends the loop with nothing under way"() {
        given:
        def rb = Runbook.builder().name('stopped').source('memory:none').target('memory:none-dst')
                .schedule('0 2 * * 0', '2h').build()
        def loop = new WindowLoop(rb.schedule(), clock, { Instant when -> false } as WindowLoop.Waiter,
                new PrintWriter(new StringWriter()))

        expect:
        loop.run({ ferry.run(rb) }, { throw new AssertionError('nothing ran') }) == null
        ferry.runs().isEmpty()
    }
}
