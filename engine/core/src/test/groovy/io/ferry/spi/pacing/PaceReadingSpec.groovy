package io.ferry.spi.pacing

import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.pacing.PaceReading.Limit
import io.ferry.spi.pacing.RateLimiter.Operation
import java.time.Duration
import java.util.concurrent.TimeUnit
import spock.lang.Specification

/** What a limiter says of itself when read: the engine's only view of a store's pace. */
class PaceReadingSpec extends Specification {

    static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4))

    long now = 0

    static ProviderException throttled(Duration retryAfter = null) {
        new ProviderException(ProviderException.Kind.THROTTLED, 'k', 'slow down', true, retryAfter, null)
    }

    PaceReading.Lane lane(RateLimiter limiter, Operation op) {
        limiter.reading().lanes().find { it.operation() == op }
    }

    def "a reading counts every call and every throttled answer, the last attempt's included"() {
        given:
        def limiter = RateLimiter.of('Store', [(Operation.WRITE): 1000d], QUICK, 3)
        int tries = 0

        when: 'one write succeeds, another is throttled on each of its three attempts'
        limiter.call(Operation.WRITE, 'a') { 'written' }
        limiter.call(Operation.WRITE, 'b') { tries++; throw throttled() }

        then:
        thrown(ProviderException)
        tries == 3

        and:
        def reading = limiter.reading()
        reading.limiter() == 'Store'
        reading.lanes()*.operation() == Operation.values() as List
        with(lane(limiter, Operation.WRITE)) {
            calls() == 4
            throttled() == 3
            limit() == Limit.QUOTA
            peakPace() == 1000d
            pace() < 1000d
        }
        lane(limiter, Operation.READ).calls() == 0
        reading.calls() == 4
        reading.throttled() == 3
        limiter.throttles() == 3
    }

    def "a lane reads as backing off for five seconds after the store throttled it, on the limiter's clock"() {
        given:
        def limiter = RateLimiter.of('Store', [(Operation.WRITE): 100d], QUICK, 2, { now })
        int tries = 0
        limiter.call(Operation.WRITE, 'k') { if (tries++ == 0) throw throttled(); 'written' }

        expect:
        lane(limiter, Operation.WRITE).backingOff()
        lane(limiter, Operation.READ).backingOff() == false

        when:
        now += TimeUnit.MILLISECONDS.toNanos(4999)

        then:
        lane(limiter, Operation.WRITE).backingOff()

        when:
        now += TimeUnit.MILLISECONDS.toNanos(1)

        then:
        !lane(limiter, Operation.WRITE).backingOff()
        lane(limiter, Operation.WRITE).throttled() == 1
    }

    def "the time a caller waits before retrying counts as time held by the limiter, at least what the store asked for"() {
        given:
        def limiter = RateLimiter.of('Store', [:], QUICK, 2)
        int tries = 0

        when:
        limiter.call(Operation.READ, 'k') { if (tries++ == 0) throw throttled(Duration.ofMillis(30)); 'read' }

        then: 'a sleep never ends early, so the wait is at least the Retry-After however loaded the machine'
        lane(limiter, Operation.READ).waited() >= Duration.ofMillis(30)
        lane(limiter, Operation.WRITE).waited() == Duration.ZERO
    }

    def "a lane says what sets its pace: #setting"() {
        when:
        def reading = limiter.reading().lanes().find { it.operation() == Operation.WRITE }

        then:
        reading.limit() == limit
        reading.pace() == pace
        reading.peakPace() == pace

        where:
        setting                                     | limiter                                                                                   || limit         | pace
        'a published quota'                         | RateLimiter.of('S', [(Operation.WRITE): 50d], ProviderSpec.parse('x:loc'))               || Limit.QUOTA   | 50d
        'no quota and no pacing'                    | RateLimiter.of('S', [:], ProviderSpec.parse('x:loc'))                                    || Limit.UNPACED | 0d
        'a pace found as the run goes'              | RateLimiter.adaptive('S', [(Operation.WRITE): 50d], ProviderSpec.parse('x:loc'))         || Limit.ADAPTIVE | 50d
        'a rate option the adaptive pace has reached' | RateLimiter.adaptive('S', [(Operation.WRITE): 50d], ProviderSpec.parse('x:loc?rate.write=20')) || Limit.CAP | 20d
    }
}
