package io.ferry.cli

import spock.lang.Specification
import java.util.concurrent.TimeUnit

class ProgressReporterSpec extends Specification {

    long now = 0
    StringWriter err = new StringWriter()

    ProgressReporter reporter(boolean bar) {
        new ProgressReporter(new PrintWriter(err), bar, { now })
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
                'execution: 20000/100000 (20%), 10000 rec/s',
                'execution: 40000/100000 (40%), 10000 rec/s',
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
        err.toString().readLines() == ['planning: 5000 records, 2000 rec/s']
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
        draws.last().trim() == 'execution [############------------]  50%  500/1000  500 rec/s  ETA 0:01'
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
        lines[0] == '\rplanning 0 records  0 rec/s'
        lines[1] == 'WARN Planner - a warning'
        lines[2].startsWith('\rplanning 10 records')
    }
}
