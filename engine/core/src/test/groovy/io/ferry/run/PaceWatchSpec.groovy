package io.ferry.run

import io.ferry.spi.pacing.PaceReading
import java.util.concurrent.TimeUnit
import spock.lang.Specification

class PaceWatchSpec extends Specification {

    long now = 0
    int reads = 0
    List<String> heard = []

    ProgressListener next = new ProgressListener() {
        void started(String stage, long total) { heard << "started $stage".toString() }
        void progress(String stage, long done, long total) { heard << "progress $done".toString() }
        void finished(String stage, long done) { heard << "finished $done".toString() }
        void paced(List<StorePace> stores) { heard << "paced ${stores*.role()}".toString() }
    }

    PaceWatch watch = new PaceWatch(next, {
        reads++
        [new StorePace('target', 'vault:secret', [new PaceReading('Vault', [])])]
    }, { now })

    def "the pacing is read when a stage starts and ends, and at most four times a second in between, before the event it goes with"() {
        when: 'progress comes every 50 ms for one second'
        watch.started('execution', 100)
        (1..20).each {
            now += TimeUnit.MILLISECONDS.toNanos(50)
            watch.progress('execution', it, 100)
        }
        watch.finished('execution', 20)

        then: 'read at the start, at 250, 500, 750 and 1000 ms, and at the end'
        reads == 6
        heard[0..1] == ['paced [target]', 'started execution']
        heard[-2..-1] == ['paced [target]', 'finished 20']
        heard.count { it.startsWith('progress') } == 20
        heard[heard.indexOf('progress 5') - 1] == 'paced [target]'
        heard[heard.indexOf('progress 4') - 1] == 'progress 3'
    }
}
