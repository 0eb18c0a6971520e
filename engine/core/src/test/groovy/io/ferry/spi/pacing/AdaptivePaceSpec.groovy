package io.ferry.spi.pacing

import io.ferry.spi.ProviderSpec
import io.ferry.spi.pacing.RateLimiter.Operation
import spock.lang.Specification

/** The adaptive rate, driven by a clock the specification turns, so that no figure depends on the machine. */
class AdaptivePaceSpec extends Specification {

    static final long MS = 1_000_000L
    static final long WINDOW = AdaptivePace.WINDOW_NANOS

    long now = 0
    AdaptivePace pace(double start, double ceiling = Double.POSITIVE_INFINITY) {
        new AdaptivePace(start, ceiling, { now })
    }

    /** One window in which the store answers {@code calls} calls, each after {@code latencyMs}. */
    void window(AdaptivePace pace, int calls, long latencyMs, boolean callersWaited = true) {
        long start = now
        if (callersWaited) {
            pace.waited()
        }
        calls.times {
            now += (long) (WINDOW / (calls + 1))
            pace.answered(latencyMs * MS)
        }
        now = start + WINDOW
        pace.answered(latencyMs * MS)
    }

    def "while the rate holds the callers back and the store answers quickly, the rate doubles each window"() {
        given:
        def pace = pace(50)

        when:
        window(pace, 12, 20)
        def first = pace.rate()
        window(pace, 25, 20)
        def second = pace.rate()

        then:
        first == 100
        second == 200
        pace.strainedAt().isNaN()
    }

    def "when the callers, not the rate, are what holds calls back, the rate stays where it is"() {
        given:
        def pace = pace(50)

        when:
        3.times { window(pace, 12, 20, false) }

        then:
        pace.rate() == 50
    }

    def "a throttle brings the rate to 90 % of what the store took in the last window"() {
        given: 'a store that took about 400 calls a second while the rate had doubled to 800'
        def pace = pace(400)
        window(pace, 100, 20)
        assert pace.rate() == 800

        when:
        now += WINDOW / 2
        pace.throttled(0)

        then:
        pace.strainedAt() > 390 && pace.strainedAt() < 410
        pace.rate() == pace.strainedAt() * 0.9
    }

    def "the refusals of calls already on their way when the store first said no back off once, not once each"() {
        given:
        def pace = pace(400)
        window(pace, 100, 20)
        now += WINDOW / 2
        def once = pace.throttled(0)

        when: 'fifteen more refusals in the same window'
        15.times {
            now += MS
            pace.throttled(0)
        }

        then:
        pace.rate() == once

        when: 'a refusal a window later'
        now += WINDOW
        pace.throttled(0)

        then:
        pace.rate() < once
    }

    def "refusals within the Retry-After the store gave say nothing new either"() {
        given:
        def pace = pace(400)
        window(pace, 100, 20)
        now += WINDOW / 2
        def once = pace.throttled(1_000 * MS)

        when: 'a refusal two windows later, still within the second the store asked for'
        now += 2 * WINDOW
        pace.throttled(1_000 * MS)

        then:
        pace.rate() == once

        when: 'one after the second'
        now += 1_000 * MS
        pace.throttled(1_000 * MS)

        then:
        pace.rate() < once
    }

    def "after the store strained, the rate closes half the gap each window, then probes upwards by 5 %"() {
        given:
        def pace = pace(100)
        window(pace, 25, 20)
        now += WINDOW / 2
        pace.throttled(0)
        double limit = pace.strainedAt()
        double backedOff = pace.rate()

        when:
        window(pace, 40, 20)
        def closer = pace.rate()

        then:
        closer == backedOff + (limit - backedOff) / 2

        when: 'windows until the rate reaches the limit, then one more'
        int windows = 0
        while (pace.rate() < limit && windows < 50) {
            window(pace, 40, 20)
            windows++
        }
        double atLimit = pace.rate()
        window(pace, 40, 20)

        then:
        windows < 50
        pace.rate() == atLimit + Math.max(1, atLimit * 0.05)
    }

    def "answers three times as slow as the store's quickest bring the rate down, and the doubling goes on after"() {
        given:
        def pace = pace(200)
        window(pace, 50, 20)
        def before = pace.rate()

        when:
        window(pace, 50, 80)
        def slowed = pace.rate()
        window(pace, 50, 20)

        then:
        slowed < before
        pace.strainedAt().isNaN()
        pace.rate() == slowed * 2
    }

    def "answers that are a little slower, as on a busy machine, are not strain"() {
        given:
        def pace = pace(200)
        window(pace, 50, 20)

        when:
        window(pace, 50, 55)

        then:
        pace.rate() == 800
    }

    def "a store that has become slower for good is taken for strained a while, then the rate climbs again"() {
        given:
        def pace = pace(200)
        window(pace, 50, 20)

        when: 'the store answers in 100 ms from now on'
        List<Double> rates = []
        60.times {
            window(pace, 50, 100)
            rates << pace.rate()
        }

        then: 'the rate fell, and rose again once the slower answers became the quickest'
        rates.min() < 400
        rates.last() > rates.min()
        rates.last() >= 100
    }

    def "the rate never exceeds its ceiling nor falls below 1/64 of its start"() {
        given:
        def capped = pace(50, 120)
        def falling = pace(64)

        when:
        5.times { window(capped, 40, 20) }
        60.times {
            now += WINDOW
            falling.throttled(0)
        }

        then:
        capped.rate() == 120
        falling.rate() == 1
    }

    def "an adaptive limiter starts politely, is capped by a rate option, and is turned off by a zero one"() {
        when:
        def limiter = RateLimiter.adaptive('Store', [(Operation.READ): 500d, (Operation.WRITE): 200d, (Operation.LIST): 100d],
                ProviderSpec.parse('x:loc?rate.write=80&rate.list=0'))

        then:
        limiter.rate(Operation.READ) == 500
        limiter.rate(Operation.WRITE) == 80
        limiter.rate(Operation.LIST) == 0
    }
}
