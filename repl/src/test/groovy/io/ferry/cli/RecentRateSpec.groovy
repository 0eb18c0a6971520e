package io.ferry.cli

import java.util.concurrent.TimeUnit
import spock.lang.Specification

/** The arithmetic of the progress line's rates and ETA, on a clock the spec moves. */
class RecentRateSpec extends Specification {

    RecentRate rate = new RecentRate()

    static long seconds(double s) {
        (long) (s * TimeUnit.SECONDS.toNanos(1))
    }

    /** Feeds progress once per step, at the given records a second, from the given time; returns the records done. */
    long feed(double from, double to, double step, double perSecond, long done) {
        for (double t = from + step; t <= to + 1e-9; t += step) {
            done += Math.round(perSecond * step)
            rate.record(seconds(t), done)
        }
        done
    }

    def "a steady stage's recent and overall rates agree, and the ETA is what is left at that rate"() {
        given:
        rate.start(0)

        when:
        long done = feed(0, 20, 0.05, 100, 0)

        then:
        done == 2000
        rate.recent() == 100d
        rate.overall(seconds(20), done) == 100d
        rate.etaSeconds(1000) == 10
    }

    def "after a store slows down, the recent rate and the ETA follow the last ten seconds while the overall rate remembers the start"() {
        given:
        rate.start(0)

        when: '100 records a second for 20 s, then 10 a second for 10 s'
        long done = feed(0, 20, 1, 100, 0)
        done = feed(20, 30, 1, 10, done)

        then:
        done == 2100
        rate.recent() == 10d
        rate.overall(seconds(30), done) == 70d
        rate.etaSeconds(100) == 10
    }

    def "the ETA is unknown until the stage has #history s of progress, and while nothing moves"() {
        given:
        rate.start(0)

        when:
        feed(0, history, 0.1, perSecond, 0)

        then:
        rate.etaSeconds(500) == eta

        where:
        history | perSecond || eta
        1.9     | 100       || -1
        2.0     | 100       || 5
        5       | 0         || -1
    }

    def "a stage started anew forgets the last one"() {
        given:
        rate.start(0)
        feed(0, 10, 1, 1000, 0)

        when:
        rate.start(seconds(10))
        rate.record(seconds(12), 20)

        then:
        rate.recent() == 10d
        rate.overall(seconds(12), 20) == 10d
    }

    def "progress heard thousands of times a second keeps few samples and the same rate"() {
        given:
        rate.start(0)

        when:
        long done = feed(0, 30, 0.001, 1000, 0)

        then:
        done == 30000
        Math.abs(rate.recent() - 1000d) < 1e-6
        rate.etaSeconds(2000) == 2
        rate.@samples.size() <= 102
    }
}
