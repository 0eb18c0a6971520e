package io.ferry.cli

import io.ferry.run.StorePace
import io.ferry.spi.pacing.PaceReading
import io.ferry.spi.pacing.PaceReading.Limit
import io.ferry.spi.pacing.RateLimiter.Operation
import java.time.Duration
import spock.lang.Specification
import java.util.concurrent.TimeUnit

class ProgressReporterSpec extends Specification {

    long now = 0
    StringWriter err = new StringWriter()

    ProgressReporter reporter(boolean bar, int columns = ProgressReporter.COLUMNS) {
        new ProgressReporter(new PrintWriter(err), bar, { now }, columns)
    }

    /** A Vault target writing at an adaptive 180 a second, having been throttled three times lately. */
    static List<StorePace> throttledVault(String uri = 'vault:https://vault.example:8200/secret') {
        def lanes = [new PaceReading.Lane(Operation.READ, Limit.ADAPTIVE, 500, 500, 10, 0, Duration.ZERO, false),
                     new PaceReading.Lane(Operation.WRITE, Limit.ADAPTIVE, 180.4, 400, 900, 3, Duration.ofSeconds(2), true),
                     new PaceReading.Lane(Operation.LIST, Limit.ADAPTIVE, 100, 100, 0, 0, Duration.ZERO, false)]
        [new StorePace('target', uri, [new PaceReading('HashiCorp Vault', lanes)])]
    }

    void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis)
    }

    def "without a terminal it prints a plain line at most every two seconds"() {
        given:
        def progress = reporter(false)
        progress.started('execution', 100000)

        when: 'progress is reported every 100 ms for 5 seconds'
        (1..50).each {
            advance(100)
            progress.progress('execution', it * 1000, 100000)
        }
        progress.finished('execution', 50000)

        then:
        err.toString().readLines() == [
                'execution: 20000/100000 (20%), 10000 rec/s, 10000 overall, ETA 0:08',
                'execution: 40000/100000 (40%), 10000 rec/s, 10000 overall, ETA 0:06',
                'execution: 50000 records in 5.0 s, 10000 rec/s']
    }

    def "without a terminal a stage shorter than two seconds prints nothing"() {
        given:
        def progress = reporter(false)

        when:
        progress.started('planning', -1)
        advance(500)
        progress.progress('planning', 10, -1)
        progress.finished('planning', 10)

        then:
        err.toString().isEmpty()
    }

    def "a stage of unknown size counts records"() {
        given:
        def progress = reporter(false)
        progress.started('planning', -1)

        when:
        advance(2500)
        progress.progress('planning', 5000, -1)

        then:
        err.toString().readLines() == ['planning: 5000 records, 2000 rec/s, 2000 overall']
    }

    def "on a terminal it redraws one bar in place at most ten times a second, with rate and ETA"() {
        given:
        def progress = reporter(true)
        progress.started('execution', 1000)

        when: 'progress is reported every 10 ms for one second'
        (1..100).each {
            advance(10)
            progress.progress('execution', it * 5, 1000)
        }

        then:
        def draws = err.toString().split('\r').findAll { !it.isEmpty() }
        draws.size() <= 11
        draws.last().trim() == 'execution [########--------]  50%  500/1000  500 rec/s (500 overall)  ETA --'
        !err.toString().contains('\n')

        when:
        progress.finished('execution', 1000)

        then:
        def last = err.toString().substring(err.toString().lastIndexOf('\r') + 1)
        last.trim() == 'execution: 1000 records in 1.0 s, 1000 rec/s'
        last.length() == draws.last().length() + System.lineSeparator().length()
    }

    def "a log line written while the bar is drawn starts on a line of its own, and the bar goes on below it"() {
        given: 'the bar and the log share one terminal stream'
        def screen = new ByteArrayOutputStream()
        def terminal = io.ferry.cli.terminal.OpenLine.guarding(screen)
        def progress = new ProgressReporter(new PrintWriter(new OutputStreamWriter(terminal, 'UTF-8')), true, { now })
        def log = new PrintStream(terminal, true, 'UTF-8')

        when:
        progress.started('planning', -1)
        log.println('WARN Planner - a warning')
        advance(200)
        progress.progress('planning', 10, -1)
        progress.finished('planning', 10)

        then:
        def lines = screen.toString('UTF-8').split('\n') as List
        lines[0] == '\rplanning 0 records  0 rec/s (0 overall)'
        lines[1] == 'WARN Planner - a warning'
        lines[2].startsWith('\rplanning 10 records')
    }

    def "without a terminal each line says the recent and overall rates, the ETA at the recent rate and how each store is paced"() {
        given:
        def progress = reporter(false)
        progress.paced(throttledVault())
        progress.started('execution', 10000)

        when: '1000 records a second for 10 s'
        (1..100).each {
            advance(100)
            progress.progress('execution', it * 100, 10000)
        }

        then:
        def lines = err.toString().readLines()
        lines.size() == 5
        lines[0] == 'execution: 2000/10000 (20%), 1000 rec/s, 1000 overall, ETA 0:08; ' +
                'target vault write 180/s adaptive, 3 throttled, backing off'
        lines.last() == 'execution: 10000/10000 (100%), 1000 rec/s, 1000 overall, ETA 0:00; ' +
                'target vault write 180/s adaptive, 3 throttled, backing off'
    }

    def "the ETA follows the rate of the last ten seconds, not the stage's average"() {
        given:
        def progress = reporter(false)
        progress.started('execution', 20000)

        when: '1000 records a second for 10 s, then 100 a second for 10 s'
        long done = 0
        (1..200).each {
            advance(100)
            done += it <= 100 ? 100 : 10
            progress.progress('execution', done, 20000)
        }

        then: 'at 100 a second, the 9000 records left take 90 s, though the average would say 16'
        err.toString().readLines().last() == 'execution: 11000/20000 (55%), 100 rec/s, 550 overall, ETA 1:30'
    }

    def "on a terminal the line keeps to #columns columns: the stores in full where they fit, else briefly, the bar and counts giving way first"() {
        given:
        def progress = reporter(true, columns)
        progress.paced(throttledVault())
        progress.started('execution', 1000)

        when:
        (1..30).each {
            advance(100)
            progress.progress('execution', it * 10, 1000)
        }
        def draws = err.toString().split('\r').findAll { !it.isEmpty() }

        then:
        draws.every { it.length() < columns }
        draws.last().trim() == line

        when:
        progress.finished('execution', 300)

        then: 'the closing line says everything, however wide'
        err.toString().readLines().last().trim() ==
                'execution: 300 records in 3.0 s, 100 rec/s; target vault write 180/s adaptive, 3 throttled, backing off'

        where:
        columns || line
        160     || 'execution [####------------]  30%  300/1000  100 rec/s (100 overall)  ETA 0:07  target vault write 180/s adaptive, 3 throttled, backing off'
        120     || 'execution [####------------]  30%  300/1000  100 rec/s (100 overall)  ETA 0:07  target 180/s, 3 throttled, backing off'
        80      || 'execution  30%  100 rec/s  ETA 0:07  target 180/s, 3 throttled, backing off'
        40      || 'execution  30%  300/1000  100 rec/s  ET'
    }

    def "what a store's URI carries reaches the line escaped: no control character is written as it is"() {
        given:
        def progress = reporter(false)
        progress.paced(throttledVault('va\u001b[2Jult:x'))
        progress.started('execution', 100)

        when:
        advance(2500)
        progress.progress('execution', 50, 100)

        then:
        !err.toString().contains('\u001b')
        err.toString().contains('target va')
    }
}
